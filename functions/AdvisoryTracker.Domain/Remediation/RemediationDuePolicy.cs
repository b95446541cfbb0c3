namespace AdvisoryTracker.Domain.Remediation;

/// <summary>The due date of a match and whether it is overdue (pure: the caller passes the clock).</summary>
public static class RemediationDuePolicy
{
    /// <summary>Statuses that close a match: nothing is due any more.</summary>
    public static bool IsClosed(RemediationStatus status) =>
        status is RemediationStatus.Patched or RemediationStatus.NotAffected or RemediationStatus.RiskAccepted;

    public static int Days(string? severity, bool exploited, RemediationDueOptions options)
    {
        var bySeverity = severity?.Trim().ToUpperInvariant() switch
        {
            "CRITICAL" => options.CriticalDays,
            "HIGH" => options.HighDays,
            "MEDIUM" or "MODERATE" => options.MediumDays,
            "LOW" or "NONE" => options.LowDays,
            _ => options.UnknownDays,
        };
        return exploited ? Math.Min(bySeverity, options.KnownExploitedDays) : bySeverity;
    }

    /// <summary>Due date counted from when the organisation learned of the advisory.</summary>
    public static DateTimeOffset Due(DateTimeOffset learnedAt, string? severity, bool exploited, RemediationDueOptions options) =>
        learnedAt.AddDays(Days(severity, exploited, options));

    public static bool IsOverdue(RemediationStatus status, DateTimeOffset due, DateTimeOffset now) =>
        !IsClosed(status) && status != RemediationStatus.Mitigated && now > due;
}
