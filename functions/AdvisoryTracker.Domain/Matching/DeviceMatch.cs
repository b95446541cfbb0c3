using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Matching;

public enum MatchStatus
{
    Affected,
    PossiblyAffected,
    NotAffected,
}

public static class MatchStatusNames
{
    public static string ToName(this MatchStatus status) => status switch
    {
        MatchStatus.Affected => "affected",
        MatchStatus.PossiblyAffected => "possibly_affected",
        MatchStatus.NotAffected => "not_affected",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static MatchStatus Parse(string name) => name switch
    {
        "affected" => MatchStatus.Affected,
        "possibly_affected" => MatchStatus.PossiblyAffected,
        "not_affected" => MatchStatus.NotAffected,
        _ => throw new FormatException($"unknown match status '{name}'"),
    };

    /// <summary>True when the device must be flagged to people (affected or possibly affected).</summary>
    public static bool IsFlagged(this MatchStatus status) => status is MatchStatus.Affected or MatchStatus.PossiblyAffected;
}

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

/// <summary>One piece of evidence behind a match: its kind and the advisory's words, quoted.</summary>
public sealed record EvidenceItem(string Kind, string Text);

/// <summary>The verdict for one (advisory, device) pair whose vendor and product matched.</summary>
public sealed record DeviceMatch(
    string AdvisoryId,
    string DeviceId,
    MatchStatus Status,
    double Confidence,
    MatchExplanation Explanation)
{
    /// <summary>
    /// Stable fingerprint of what matters for notifications (status, matched ranges, remediation categories);
    /// store it with the match and hand it to <see cref="MatchChangeDetector"/> on the next revision.
    /// </summary>
    public string Fingerprint => MatchFingerprint.From(this).ToString();
}


/// <summary>Decides which registered devices an advisory touches.</summary>
public interface IAdvisoryMatcher
{
    /// <summary>
    /// Every device whose vendor and product matched the advisory, with a status (affected, possibly affected,
    /// not affected) and an explanation. Devices that are unrelated are not returned.
    /// </summary>
    IReadOnlyList<DeviceMatch> Match(Advisory advisory, IReadOnlyCollection<Devices.Device> devices);

    /// <summary>Builds an index of the devices once (by canonical vendor, then product tokens) for repeated matching.</summary>
    DeviceIndex Index(IReadOnlyCollection<Devices.Device> devices);

    /// <summary>The same verdicts as <see cref="Match(Advisory, IReadOnlyCollection{Devices.Device})"/>, using a prepared index.</summary>
    IReadOnlyList<DeviceMatch> Match(Advisory advisory, DeviceIndex index);

    /// <summary>One device against many advisories (backfill when a device is registered or edited).</summary>
    IReadOnlyList<DeviceMatch> MatchDevice(Devices.Device device, IEnumerable<Advisory> advisories);
}
