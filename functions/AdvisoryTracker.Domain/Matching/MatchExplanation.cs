using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>The evidence behind a match, kept with it and shown to clinicians in plain words.</summary>
public sealed record MatchExplanation
{
    /// <summary>The vendor name in the advisory and how it resolved to the device's manufacturer.</summary>
    public required string VendorRule { get; init; }
    /// <summary>The advisory product that matched and the rule that matched it.</summary>
    public required string ProductRule { get; init; }
    /// <summary>The advisory's version expression and how the device version compared with it.</summary>
    public required string VersionRule { get; init; }
    /// <summary>Advisory product ids that matched this device.</summary>
    public IReadOnlyList<string> ProductIds { get; init; } = [];
    /// <summary>Remediations that apply to the matched products.</summary>
    public IReadOnlyList<AdvisoryRemediation> Remediations { get; init; } = [];
    /// <summary>The advisory vendor alias that resolved to the device's manufacturer (e.g. "Phillips" → Philips).</summary>
    public string VendorAlias { get; init; } = "";
    /// <summary>The matched version ranges (advisory expressions), for the fingerprint and the email.</summary>
    public IReadOnlyList<string> MatchedRanges { get; init; } = [];

    /// <summary>
    /// The evidence, item by item, for a reader who opens the match later: what kind of evidence (vendor, product,
    /// version, status, document_text, threat, contradiction) and the advisory's own words quoted.
    /// </summary>
    public IReadOnlyList<EvidenceItem> Evidence { get; init; } = [];

    /// <summary>One plain sentence a clinician can read: why this device is (possibly / not) affected.</summary>
    public string Summary { get; init; } = "";

    /// <summary>Remediation categories that apply to this device, distinct, in enum order.</summary>
    public IReadOnlyList<RemediationCategory> RemediationCategories =>
        [.. Remediations.Select(r => r.Category).Distinct().Order()];

    /// <summary>The remediation text in plain words: category (and URL) of each that applies.</summary>
    public string RemediationSummary => Remediations.Count == 0
        ? "remediation: none given"
        : "remediation: " + string.Join(", ", Remediations
            .Select(r => r.Url is { Length: > 0 } ? $"{r.Category.ToWireName()} ({r.Url})" : r.Category.ToWireName())
            .Distinct(StringComparer.Ordinal));

    public override string ToString() => $"{VendorRule}; {ProductRule}; {VersionRule}; {RemediationSummary}";
}
