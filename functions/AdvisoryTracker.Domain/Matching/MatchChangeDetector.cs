using System.Security.Cryptography;
using System.Text;
using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>What a new advisory revision means for one (device, advisory) pair.</summary>
public enum MatchChangeKind
{
    /// <summary>Nothing that matters changed: no notification.</summary>
    Unchanged,
    /// <summary>First time the device is flagged for this advisory.</summary>
    NewMatch,
    /// <summary>Still flagged and a vendor fix now applies that did not before.</summary>
    PatchAvailable,
    /// <summary>Still flagged, but the status, ranges or remediation changed.</summary>
    Changed,
    /// <summary>Was flagged, now not affected (or no longer matched).</summary>
    NoLongerAffected,
}

/// <summary>
/// The parts of a match that decide notifications: status, matched ranges (hashed) and remediation categories.
/// Written as a stable text (<c>v1;status=affected;cats=mitigation,vendor_fix;ranges=3f2a…</c>) for storage.
/// </summary>
public sealed record MatchFingerprint(MatchStatus Status, string RangesHash, IReadOnlyList<RemediationCategory> Categories)
{
    private const string Prefix = "v1;";

    public static MatchFingerprint From(DeviceMatch match)
    {
        var ranges = string.Join("\n", match.Explanation.MatchedRanges.Order(StringComparer.Ordinal))
            + "\n#" + string.Join(",", match.Explanation.ProductIds.Order(StringComparer.Ordinal));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ranges)).AsSpan(0, 12));
        return new MatchFingerprint(match.Status, hash, match.Explanation.RemediationCategories);
    }

    /// <summary>Reads a stored fingerprint; null when the text is not one (treated as "no previous match").</summary>
    public static MatchFingerprint? Parse(string? text)
    {
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var fields = text[Prefix.Length..].Split(';')
            .Select(f => f.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("status", out var status) || !fields.TryGetValue("ranges", out var ranges) || !fields.TryGetValue("cats", out var cats))
        {
            return null;
        }

        try
        {
            var categories = cats.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(RemediationCategoryNames.FromWireName)
                .OfType<RemediationCategory>()
                .Order()
                .ToList();
            return new MatchFingerprint(MatchStatusNames.Parse(status), ranges, categories);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public override string ToString() =>
        $"{Prefix}status={Status.ToName()};cats={string.Join(",", Categories.Order().Select(c => c.ToWireName()))};ranges={RangesHash}";
}

/// <summary>Pure decision of the event a new match (or its absence) produces, given the previous stored fingerprint.</summary>
public static class MatchChangeDetector
{
    /// <param name="previousFingerprint">The fingerprint stored for the pair, or null when there was none.</param>
    /// <param name="current">The new match for the pair, or null when the vendor or product no longer matches.</param>
    public static MatchChangeKind Detect(string? previousFingerprint, DeviceMatch? current)
    {
        var previous = MatchFingerprint.Parse(previousFingerprint);
        var now = current is null ? null : MatchFingerprint.From(current);
        var wasFlagged = previous?.Status.IsFlagged() == true;
        var isFlagged = now?.Status.IsFlagged() == true;

        if (!wasFlagged)
        {
            return isFlagged ? MatchChangeKind.NewMatch : MatchChangeKind.Unchanged;
        }

        if (!isFlagged)
        {
            return MatchChangeKind.NoLongerAffected;
        }

        if (now!.Categories.Contains(RemediationCategory.VendorFix) && !previous!.Categories.Contains(RemediationCategory.VendorFix))
        {
            return MatchChangeKind.PatchAvailable;
        }

        return now.ToString() == previous!.ToString() ? MatchChangeKind.Unchanged : MatchChangeKind.Changed;
    }
}
