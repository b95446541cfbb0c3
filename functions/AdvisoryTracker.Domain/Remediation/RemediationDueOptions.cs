namespace AdvisoryTracker.Domain.Remediation;

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
