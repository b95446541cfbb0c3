namespace AdvisoryTracker.Adapters;
internal static class Placeholder;
