namespace AdvisoryTracker.Domain.Tracking;

/// <summary>What one matching run changed.</summary>
public sealed record MatchRunSummary(int Matched, int Flagged, int Notifications);
