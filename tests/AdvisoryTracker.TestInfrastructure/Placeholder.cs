namespace AdvisoryTracker.TestInfrastructure;
public static class Placeholder;
