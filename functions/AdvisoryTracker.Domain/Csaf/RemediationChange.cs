using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Csaf;

/// <summary>A remediation that appeared or disappeared, with the product names it applies to.</summary>
public sealed record RemediationChange(RemediationCategory Category, string Details, string? Url, IReadOnlyList<string> Products);
