using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Versions;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>The verdict of one leaf for one device: status, confidence of the version step, and the reason.</summary>
internal sealed record LeafVerdict(MatchStatus Status, double Confidence, string Reason);

/// <summary>
/// Version verdict with the product-status semantics of CSAF 2.0 §3.2.3.9: known_affected ranges, first_affected and
/// last_affected as bounds, first_fixed and fixed as the fix line (at or above: not affected; below: affected for
/// first_fixed, possibly affected for fixed; unknown version: possibly affected), known_not_affected and the
/// not-affected flags, recommended (says nothing about other versions), under_investigation and contradicting
/// statuses (possibly affected), and products no status names (at most possibly affected).
/// Null when the leaf says nothing about this device's version.
/// </summary>
internal static partial class VersionVerdicts
{
    public static LeafVerdict? Evaluate(LeafHit hit, Device device)
    {
        var leaf = hit.Leaf;
        foreach (var (text, terms) in leaf.Exclusions)
        {
            var excludedModels = terms.Models.Where(m => m.Any(char.IsAsciiDigit)).ToList();
            if (terms.Names.Count + excludedModels.Count > 0 && terms.Names.All(n => ModelCovers(device, n))
                && (excludedModels.Count == 0 || excludedModels.Any(m => ModelCovers(device, m))))
            {
                return new(MatchStatus.NotAffected, 0.9, $"the advisory's product name excludes '{text.Trim()}'");
            }
        }

        var version = device.Version;
        if (PreparedDevice.VersionNameOf(version) is { } versionName && leaf.Terms.Names.Contains(versionName))
        {
            version = version![(version!.IndexOf(' ', StringComparison.Ordinal) + 1)..].Trim(); // "AP 3.0" → 3.0
        }

        var status = leaf.Status;
        switch (status.Kind)
        {
            case StatusKind.KnownNotAffected:
                return leaf.Range.IsAllVersions || leaf.Range.Evaluate(version).Outcome != VersionOutcome.OutOfRange
                    ? new(MatchStatus.NotAffected, 0.95, $"{status.Reason} ('{leaf.Product.FullName}')")
                    : null;
            case StatusKind.Recommended:
                return FixLine(leaf.Range) is { } recommended && VersionValue.Parse(version) is { } v
                    && VersionComparer.Compare(v, recommended) is >= 0
                    ? new(MatchStatus.NotAffected, 0.9, $"device version {v} is at or above {recommended}, the version the vendor recommends")
                    : null;
            case StatusKind.Fixed or StatusKind.FirstFixed:
                return FixedVerdict(leaf, status, version);
            case StatusKind.UnderInvestigation or StatusKind.Contradicting:
                return !leaf.Range.IsAllVersions && leaf.Range.Evaluate(version).Outcome == VersionOutcome.OutOfRange
                    ? null
                    : new(MatchStatus.PossiblyAffected, 0.5, $"{status.Reason}; range '{leaf.VersionExpression ?? "*"}'");
        }

        var verdict = AffectedVerdict(hit, leaf, status, version);
        if (status.Kind == StatusKind.Unlisted && verdict.Status == MatchStatus.Affected)
        {
            return new(MatchStatus.PossiblyAffected, 0.6, $"{verdict.Reason}; but {status.Reason}: review");
        }

        return verdict;
    }

    private static LeafVerdict AffectedVerdict(LeafHit hit, Leaf leaf, LeafStatus status, string? version)
    {
        if (hit.ModelInVersionField)
        {
            return new(MatchStatus.Affected, 0.9, $"the advisory names this model in its version field ('{leaf.VersionExpression}'); all versions of it are affected");
        }

        var range = status.Kind switch
        {
            StatusKind.FirstAffected when FixLine(leaf.Range) is { } first => new VersionRange(leaf.Range.Text, false, [new VersionClause(first, true, null, false, null)]),
            StatusKind.LastAffected when FixLine(leaf.Range) is { } last => new VersionRange(leaf.Range.Text, false, [new VersionClause(null, false, last, true, null)]),
            _ => leaf.Range,
        };

        var verdict = range.Evaluate(version);
        if (verdict.Outcome != VersionOutcome.InRange && leaf.AlternativeVersionText is { } alternative
            && VersionRange.Parse(alternative) is { IsParsed: true, IsAllVersions: false } alternativeRange
            && alternativeRange.Evaluate(version) is { Outcome: VersionOutcome.InRange } alternativeVerdict)
        {
            verdict = alternativeVerdict;
        }

        if (verdict.Outcome != VersionOutcome.OutOfRange && FixedAtOrAbove(leaf, range, version) is { } fix)
        {
            return new(MatchStatus.NotAffected, 0.85, $"device version {version} is at or above the fixed version {fix} named in the vendor fix");
        }

        var bound = status.Kind == StatusKind.FirstAffected ? " (the first affected version and later)"
            : status.Kind == StatusKind.LastAffected ? " (the last affected version and earlier)" : "";
        return verdict.Outcome switch
        {
            VersionOutcome.InRange => new(MatchStatus.Affected, range.IsAllVersions ? 0.95 : 1.0, verdict.Reason + bound),
            VersionOutcome.OutOfRange => new(MatchStatus.NotAffected, 0.9, verdict.Reason + bound),
            _ => new(MatchStatus.PossiblyAffected, 0.6, verdict.Reason),
        };
    }

    /// <summary>fixed / first_fixed: the listed version is the fix line for this product.</summary>
    private static LeafVerdict FixedVerdict(Leaf leaf, LeafStatus status, string? version)
    {
        if (leaf.Range.IsAllVersions)
        {
            return new(MatchStatus.NotAffected, 0.9, $"{status.Reason} ('{leaf.Product.FullName}', no version given)");
        }

        if (!leaf.Range.IsParsed)
        {
            return new(MatchStatus.PossiblyAffected, 0.5, $"{status.Reason}, but its version '{leaf.VersionExpression}' cannot be read: review");
        }

        var device = VersionValue.Parse(version);
        if (device is null)
        {
            return new(MatchStatus.PossiblyAffected, 0.5, $"device version unknown; {status.Reason} ('{leaf.VersionExpression}'): older versions are affected, review");
        }

        if (FixLine(leaf.Range) is not { } line)
        {
            return leaf.Range.Evaluate(version).Outcome switch
            {
                VersionOutcome.InRange => new(MatchStatus.NotAffected, 0.9, $"device version {device} is within '{leaf.VersionExpression}': {status.Reason}"),
                _ => new(MatchStatus.PossiblyAffected, 0.5, $"device version {device} is not within the fixed versions '{leaf.VersionExpression}': review"),
            };
        }

        return VersionComparer.Compare(device, line) switch
        {
            >= 0 => new(MatchStatus.NotAffected, 0.9, $"device version {device} is at or above {line}: {status.Reason}"),
            < 0 when status.Kind == StatusKind.FirstFixed => new(MatchStatus.Affected, 0.85, $"device version {device} is older than {line}, the first fixed version"),
            < 0 => new(MatchStatus.PossiblyAffected, 0.6, $"device version {device} is older than {line}, which the advisory lists as fixed: older versions are likely affected"),
            null => new(MatchStatus.PossiblyAffected, 0.5, $"device version {device} cannot be compared with '{leaf.VersionExpression}', which the advisory lists as fixed: review"),
        };
    }

    /// <summary>The one version a status names: a single version, or the lower bound of an open range (">= 2.1").</summary>
    internal static VersionValue? FixLine(VersionRange range) => range.Clauses switch
    {
        [{ Exact: { HasWildcard: false } exact }] => exact,
        [{ Lower: { } lower, Upper: null, Exact: null }] => lower,
        _ => null,
    };

    internal static bool ModelCovers(Device device, string token) =>
        ProductTerms.From(device.Model, new HashSet<string>()).Covers(token);

    /// <summary>
    /// The vendor-fix version the device has reached, if any. A version that the affected range itself covers is not a
    /// fix for this product (remediation texts name several product lines and earlier releases).
    /// </summary>
    private static VersionValue? FixedAtOrAbove(Leaf leaf, VersionRange range, string? deviceVersion)
    {
        if (VersionValue.Parse(deviceVersion) is not { } device)
        {
            return null;
        }

        // A version announced in a mitigation clears a device only past the line the advisory lists last (<= 1.52 and 1.52.01).
        return leaf.FixedVersions.FirstOrDefault(fix =>
            (!fix.FromMitigation || range.LineContinuedBy(fix.Version) is not null)
            && VersionComparer.Compare(Dotted(device, fix.Version), fix.Version) >= 0
            && SameScheme(device, fix.Version)
            && (range.IsAllVersions || range.IsReleaseLine || range.Evaluate(fix.Version.Text).Outcome == VersionOutcome.OutOfRange
                || range.LineContinuedBy(fix.Version) is not null
                || (fix.NamesProduct && PaddedBoundBelow(range, fix.Version))))?.Version;
    }

    /// <summary>
    /// "&lt;= 2.01" with a fix "Version 2.0.3" named for this product: the zero-padded bound is the dotted 2.0.1, so the
    /// fix lies above it. True when the range's upper bound, read that way, is below the fix.
    /// </summary>
    private static bool PaddedBoundBelow(VersionRange range, VersionValue fix)
    {
        if (range.Clauses is not [{ Upper: { } upper, Lower: null }] || ReferenceEquals(Dotted(upper, fix), upper))
        {
            return false;
        }

        return VersionComparer.Compare(fix, Dotted(upper, fix)) > 0;
    }

    /// <summary>A zero-padded "2.01" compared with a three-part "2.0.3" is read as 2.0.1.</summary>
    private static VersionValue Dotted(VersionValue version, VersionValue other) =>
        other.Segments.Count == 3 && PaddedMinor().Match(version.Text.Trim()) is { Success: true } m
            && VersionValue.Parse($"{m.Groups["major"].Value}.0.{m.Groups["minor"].Value}") is { } dotted
            ? dotted
            : version;

    [GeneratedRegex(@"^v?(?<major>\d+)\.0(?<minor>[1-9])$", RegexOptions.CultureInvariant)]
    private static partial Regex PaddedMinor();

    /// <summary>Fix and device versions must be written alike (same kind of first segment, same major line or later).</summary>
    private static bool SameScheme(VersionValue device, VersionValue fix) =>
        device.Segments[0].IsNumber == fix.Segments[0].IsNumber && device.Segments.Count >= 1 && fix.Segments.Count >= 1;
}
