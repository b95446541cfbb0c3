using System.Globalization;
using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Vendors;

namespace AdvisoryTracker.Domain.Versions;

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
