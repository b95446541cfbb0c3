namespace AdvisoryTracker.Domain.Advisories;

/// <summary>An advisory's listing columns (no product tree).</summary>
public sealed record AdvisorySummary(
    string Id,
    string Title,
    string Kind,
    string Publisher,
    string Revision,
    DateTimeOffset? CurrentReleaseDate,
    string? Severity,
    double? MaxCvss,
    IReadOnlyList<string> Vendors,
    IReadOnlyList<string> Cves,
    bool Exploited,
    string SourceName);
