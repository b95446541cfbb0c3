namespace AdvisoryTracker.Domain.Advisories;

/// <summary>A remediation as the advisory states it (CSAF <c>remediations</c>); the organisation's own remediation of a match is in <c>Domain/Remediation</c>.</summary>
public sealed record AdvisoryRemediation(
    RemediationCategory Category,
    string Details,
    string? Url,
    IReadOnlyList<string> ProductIds);
