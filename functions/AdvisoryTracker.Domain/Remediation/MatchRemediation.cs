namespace AdvisoryTracker.Domain.Remediation;

/// <summary>Where the organisation stands on a match: the latest status, who set it, when, and the note (no patient data).</summary>
public sealed record MatchRemediation(RemediationStatus Status, string? By, DateTimeOffset? At, string? Note)
{
    public static MatchRemediation Initial { get; } = new(RemediationStatus.Open, null, null, null);
}
