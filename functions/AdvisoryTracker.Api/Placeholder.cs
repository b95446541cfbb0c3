namespace AdvisoryTracker.Api;
internal static class Placeholder;
