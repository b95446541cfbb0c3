using System.Globalization;
using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Vendors;

namespace AdvisoryTracker.Domain.Versions;

/// <summary>One part of a version: a number (compared numerically, so 4.10 &gt; 4.9 and 2024.03 = 2024.3) or a word.</summary>
public readonly record struct VersionSegment(long? Number, string? Word)
{
    public bool IsNumber => Number.HasValue;

    public override string ToString() => Number?.ToString(CultureInfo.InvariantCulture) ?? Word ?? "";
}

/// <summary>
/// A version as vendors write it, split into number and word segments: <c>R4.1L1</c> → 4, 1, l, 1;
/// <c>3.0.11.5_BN9</c> → 3, 0, 11, 5, bn, 9; dates (<c>2024-06-14</c>, <c>8/30/2024</c>, <c>September_19_2025</c>)
/// become year, month, day. A trailing <c>x</c> (<c>12.x</c>, <c>C.0x</c>) is a wildcard.
/// </summary>
public sealed partial record VersionValue(string Text, IReadOnlyList<VersionSegment> Segments, bool IsDate, bool HasWildcard)
{
    private static readonly string[] Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly string[] LeadingWords =
        ["versions", "version", "ver", "vers", "release", "rel", "revision", "rev", "firmware", "fw", "software", "sw", "v", "r"];

    /// <summary>Reads a version; null when the text holds no number, date or revision letter.</summary>
    public static VersionValue? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var folded = TextNormaliser.Fold(text).Trim();
        if (TryParseDate(folded) is { } date)
        {
            return new VersionValue(text.Trim(), date, IsDate: true, HasWildcard: false);
        }

        folded = StripLeadingWords(folded);
        var segments = new List<VersionSegment>();
        var wildcard = false;
        var i = 0;
        while (i < folded.Length && !wildcard)
        {
            var c = folded[i];
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < folded.Length && char.IsAsciiDigit(folded[i]))
                {
                    i++;
                }

                var digits = folded[start..i];
                if (i < folded.Length && folded[i] == 'x' && (i + 1 == folded.Length || !char.IsAsciiLetter(folded[i + 1])))
                {
                    // "0x": any digit after the known ones (C.0x = C.00 … C.09); the known digits stay a prefix.
                    segments.Add(new VersionSegment(null, "#" + digits));
                    wildcard = true;
                    break;
                }

                segments.Add(new VersionSegment(digits.Length > 18 ? long.MaxValue : long.Parse(digits, CultureInfo.InvariantCulture), null));
            }
            else if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < folded.Length && char.IsAsciiLetter(folded[i]))
                {
                    i++;
                }

                var word = folded[start..i];
                if (word is "x" or "xx" or "xxx")
                {
                    wildcard = true;
                    break;
                }

                segments.Add(new VersionSegment(null, word));
            }
            else
            {
                i++;
            }
        }

        return segments.Count == 0 ? null : new VersionValue(text.Trim(), segments, IsDate: false, HasWildcard: wildcard);
    }

    /// <summary>True when the text reads as a version and holds a digit or is a short revision letter (K, N, B).</summary>
    public bool LooksLikeVersion =>
        IsDate || Segments.Any(s => s.IsNumber || s.Word!.StartsWith('#')) || (Segments.Count == 1 && Segments[0].Word!.Length <= 2);

    public override string ToString() => Text;

    private static string StripLeadingWords(string text)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var word in LeadingWords)
            {
                if (text.StartsWith(word, StringComparison.Ordinal) && text.Length > word.Length)
                {
                    var next = text[word.Length];
                    var isSingleLetter = word.Length == 1;
                    if ((isSingleLetter && char.IsAsciiDigit(next)) || (!isSingleLetter && (next is ' ' or '.' or ':' or '_' || char.IsAsciiDigit(next))))
                    {
                        text = text[word.Length..].TrimStart(' ', '.', ':', '_');
                        changed = true;
                        break;
                    }
                }
            }
        }

        return text;
    }

    private static List<VersionSegment>? TryParseDate(string text)
    {
        var iso = IsoDate().Match(text);
        if (iso.Success)
        {
            return Date(iso.Groups["y"].Value, iso.Groups["m"].Value, iso.Groups["d"].Value);
        }

        var us = UsDate().Match(text);
        if (us.Success)
        {
            return Date(us.Groups["y"].Value, us.Groups["m"].Value, us.Groups["d"].Value);
        }

        var named = NamedDate().Match(text);
        if (named.Success)
        {
            var month = Array.FindIndex(Months, m => m.StartsWith(named.Groups["mon"].Value, StringComparison.Ordinal)) + 1;
            return month == 0 ? null : Date(named.Groups["y"].Value, month.ToString(CultureInfo.InvariantCulture), named.Groups["d"].Value);
        }

        return null;
    }

    private static List<VersionSegment>? Date(string year, string month, string day)
    {
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        if (y is < 1970 or > 2100 || m is < 1 or > 12)
        {
            return null;
        }

        var segments = new List<VersionSegment> { new(y, null), new(m, null) };
        if (day.Length > 0)
        {
            segments.Add(new VersionSegment(int.Parse(day, CultureInfo.InvariantCulture), null));
        }

        return segments;
    }

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{1,2})(?:-(?<d>\d{1,2}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(?<m>\d{1,2})/(?<d>\d{1,2})/(?<y>\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex UsDate();

    [GeneratedRegex(@"^(?<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s_,]*(?:(?<d>\d{1,2})(?:st|nd|rd|th)?[\s_,]+)?(?<y>\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex NamedDate();
}

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
