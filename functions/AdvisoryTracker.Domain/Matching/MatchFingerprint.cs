using System.Security.Cryptography;
using System.Text;
using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Matching;

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
