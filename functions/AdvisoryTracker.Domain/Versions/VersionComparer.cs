using System.Globalization;

namespace AdvisoryTracker.Domain.Versions;

/// <summary>Orders versions segment by segment.</summary>
public static class VersionComparer
{
    /// <summary>
    /// Compares two versions; null when they are written in schemes that cannot be compared (a date with a
    /// release number, a number with a revision letter). When the bound starts with a word that also occurs in
    /// the device version, comparison starts there (<c>012U000040</c> against <c>U61</c>). With
    /// <paramref name="truncateToBound"/> only as many segments as the bound has are compared (<c>4.1L1 &lt;= 4.1</c>).
    /// </summary>
    public static int? Compare(VersionValue device, VersionValue bound, bool truncateToBound = false)
    {
        if (device.IsDate != bound.IsDate)
        {
            return null;
        }

        var d = device.Segments;
        var b = bound.Segments.Where(s => s.Word is null || !s.Word.StartsWith('#')).ToList();
        var prefixWildcard = bound.Segments.FirstOrDefault(s => s.Word?.StartsWith('#') == true).Word;
        if (b.Count == 0 && prefixWildcard is null)
        {
            return null;
        }

        if (b.Count > 0 && !b[0].IsNumber)
        {
            var at = IndexOfWord(d, b[0].Word!);
            if (at < 0 && !(d.Count > 0 && !d[0].IsNumber && d[0].Word!.Length == b[0].Word!.Length))
            {
                return null; // e.g. a U-line version against an L-line bound
            }

            // Same revision-letter scheme (C.01 against A.01, M against N): compare from the start.
            d = at < 0 ? d : [.. d.Skip(at)];
        }
        else if (b.Count > 0 && d.Count > 0 && !d[0].IsNumber)
        {
            return null;
        }

        // Truncation ignores what the device adds after the bound only when it is a suffix word (R4.1L1 is a 4.1
        // release, 1.3.0 Build 14 is a 1.3.0 build); 1.52.01 stays above 1.52. A wildcard bound (11.x) truncates always.
        var truncate = truncateToBound && (bound.HasWildcard || d.Count <= b.Count || !d[b.Count].IsNumber || b is [{ IsNumber: true }]);
        var length = truncate ? Math.Min(d.Count, b.Count) : Math.Max(d.Count, b.Count);
        for (var i = 0; i < length; i++)
        {
            if (i >= d.Count)
            {
                // 1.0.0 against 1.0.0-alpha: a release is after its pre-releases (SemVer §11).
                return IsPreRelease(b[i]) && !truncate ? 1 : RestIsZero(b, i) ? 0 : -1;
            }

            if (i >= b.Count)
            {
                return IsPreRelease(d[i]) && !truncate ? -1 : RestIsZero(d, i) ? 0 : 1;
            }

            var c = CompareSegments(d[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        if (prefixWildcard is not null && d.Count > b.Count)
        {
            // C.0x: the segment after the known ones must start with the known digits.
            var next = d[b.Count];
            var digits = prefixWildcard[1..];
            return next.IsNumber && next.Number!.Value.ToString("D2", CultureInfo.InvariantCulture).StartsWith(digits, StringComparison.Ordinal) ? 0
                : next.IsNumber && string.CompareOrdinal(next.Number!.Value.ToString(CultureInfo.InvariantCulture), digits) < 0 ? -1 : 1;
        }

        return truncate && d.Count < b.Count && !RestIsZero(b, d.Count) ? -1 : 0;
    }

    private static int IndexOfWord(IReadOnlyList<VersionSegment> segments, string word)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].Word == word)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A pre-release label (alpha, beta, rc, pre, preview, dev, snapshot): before the release it labels.</summary>
    internal static bool IsPreRelease(VersionSegment segment) =>
        segment.Word is { } w && PreReleaseLabels.Any(l => w.StartsWith(l, StringComparison.Ordinal) && w[l.Length..].All(char.IsAsciiDigit));

    private static readonly string[] PreReleaseLabels = ["alpha", "beta", "rc", "pre", "preview", "dev", "snapshot", "milestone", "ea"];

    /// <summary>True when <paramref name="version"/> has a pre-release label right after its first <paramref name="count"/> segments (1.0.0-rc1 after 1.0.0).</summary>
    internal static bool HasPreReleaseAfter(VersionValue version, int count) =>
        version.Segments.Count > count && IsPreRelease(version.Segments[count]);

    private static int PreReleaseRank(VersionSegment segment) => segment.Word switch
    {
        { } w when w.StartsWith("dev", StringComparison.Ordinal) || w.StartsWith("snapshot", StringComparison.Ordinal) => 0,
        { } w when w.StartsWith("alpha", StringComparison.Ordinal) || w.StartsWith("ea", StringComparison.Ordinal) => 1,
        { } w when w.StartsWith("beta", StringComparison.Ordinal) => 2,
        { } w when w.StartsWith("rc", StringComparison.Ordinal) => 4,
        _ => 3,
    };

    private static bool RestIsZero(IReadOnlyList<VersionSegment> segments, int from)
    {
        for (var i = from; i < segments.Count; i++)
        {
            if (segments[i].Number != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int CompareSegments(VersionSegment a, VersionSegment b) => (a.IsNumber, b.IsNumber) switch
    {
        (true, true) => a.Number!.Value.CompareTo(b.Number!.Value),
        (false, false) when IsPreRelease(a) && IsPreRelease(b) => PreReleaseRank(a).CompareTo(PreReleaseRank(b)) switch { < 0 => -1, > 0 => 1, _ => 0 },
        (false, false) => string.CompareOrdinal(a.Word, b.Word) switch { < 0 => -1, > 0 => 1, _ => 0 },
        (true, false) => 1, // 2.6.1 > 2.6a: a letter after a number reads as a pre-release or revision suffix
        (false, true) => -1,
    };
}
