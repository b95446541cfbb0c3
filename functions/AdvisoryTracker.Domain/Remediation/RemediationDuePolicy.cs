namespace AdvisoryTracker.Domain.RemediationTracking;

/// <summary>
/// How long the organisation gives itself to remediate a match, by the advisory's severity, and shorter when the
/// vulnerability is known to be exploited (CISA KEV). Defaults follow common practice (CISA BOD 22-01 gives two
/// weeks for known-exploited vulnerabilities); each is a setting (section <c>RemediationDue</c>).
/// </summary>
public sealed class RemediationDueOptions
{
    public const string SectionName = "RemediationDue";

    public int KnownExploitedDays { get; set; } = 14;
    public int CriticalDays { get; set; } = 15;
    public int HighDays { get; set; } = 30;
    public int MediumDays { get; set; } = 90;
    public int LowDays { get; set; } = 180;

    /// <summary>When the advisory gives no severity.</summary>
    public int UnknownDays { get; set; } = 90;
}

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
