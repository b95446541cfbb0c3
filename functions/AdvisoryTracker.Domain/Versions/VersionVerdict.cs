namespace AdvisoryTracker.Domain.Versions;

/// <summary>The result of comparing a device version with a range, with the reason in plain words.</summary>
public sealed record VersionVerdict(VersionOutcome Outcome, string Reason);
