namespace AdvisoryTracker.Domain.Advisories;

/// <summary>Advisory listing filters: since (current release date, inclusive), vendor (case-insensitive substring), severity, exploited.</summary>
public sealed record AdvisoryQuery(DateTimeOffset? Since, string? Vendor, string? Severity, bool? Exploited, int PageSize, string? ContinuationToken);
