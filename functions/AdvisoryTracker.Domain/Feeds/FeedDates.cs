using System.Globalization;
using System.Text.RegularExpressions;

namespace AdvisoryTracker.Domain.Feeds;

/// <summary>
/// Parses the dates real feeds and pages write: RFC 822/1123 with numeric offsets or zone names (EDT, EST, GMT...),
/// two-digit years ("Thu, 27 Aug 26 12:00:00 +0000"), ISO 8601, and prose dates ("January 30, 2025").
/// </summary>
internal static partial class FeedDates
{
    private static readonly Dictionary<string, TimeSpan> ZoneNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = TimeSpan.Zero, ["UTC"] = TimeSpan.Zero, ["GMT"] = TimeSpan.Zero, ["Z"] = TimeSpan.Zero,
        ["EST"] = TimeSpan.FromHours(-5), ["EDT"] = TimeSpan.FromHours(-4),
        ["CST"] = TimeSpan.FromHours(-6), ["CDT"] = TimeSpan.FromHours(-5),
        ["MST"] = TimeSpan.FromHours(-7), ["MDT"] = TimeSpan.FromHours(-6),
        ["PST"] = TimeSpan.FromHours(-8), ["PDT"] = TimeSpan.FromHours(-7),
        ["CET"] = TimeSpan.FromHours(1), ["CEST"] = TimeSpan.FromHours(2),
        ["BST"] = TimeSpan.FromHours(1),
    };

    private static readonly string[] MonthNames =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Parses a feed or page date; null when the text holds no recognisable date.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (IsoLike().IsMatch(trimmed) &&
            DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso))
        {
            return iso;
        }

        if (Rfc822().Match(trimmed) is { Success: true } rfc && FromRfc822(rfc) is { } parsed)
        {
            return parsed;
        }

        if (CompactDate().Match(trimmed) is { Success: true } compact &&
            DateTime.TryParseExact(compact.Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day, TimeSpan.Zero);
        }

        return FindProseDate(trimmed);
    }

    /// <summary>Finds the first prose date ("January 30, 2025", "30 January 2025", "Jan. 3, 2020") in a text.</summary>
    public static DateTimeOffset? FindProseDate(string text)
    {
        foreach (Match m in MonthDayYear().Matches(text))
        {
            if (Build(m.Groups["y"].Value, m.Groups["mon"].Value, m.Groups["d"].Value) is { } date)
            {
                return date;
            }
        }

        foreach (Match m in DayMonthYear().Matches(text))
        {
            if (Build(m.Groups["y"].Value, m.Groups["mon"].Value, m.Groups["d"].Value) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    private static DateTimeOffset? FromRfc822(Match m)
    {
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (m.Groups["y"].Value.Length == 2)
        {
            // RFC 822 two-digit years; RFC 2822 reads 00-49 as 20xx and 50-99 as 19xx.
            year += year < 50 ? 2000 : 1900;
        }

        var month = MonthIndex(m.Groups["mon"].Value);
        var dayOfMonth = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        var hour = m.Groups["h"].Success ? int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var minute = m.Groups["mi"].Success ? int.Parse(m.Groups["mi"].Value, CultureInfo.InvariantCulture) : 0;
        var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        if (month == 0 || dayOfMonth < 1 || dayOfMonth > 31 || hour > 23 || minute > 59 || second > 60)
        {
            return null;
        }

        var offset = TimeSpan.Zero;
        var zone = m.Groups["z"].Value;
        if (zone.Length == 5 && (zone[0] == '+' || zone[0] == '-') && int.TryParse(zone.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
        {
            offset = new TimeSpan(hhmm / 100, hhmm % 100, 0) * (zone[0] == '-' ? -1 : 1);
        }
        else if (zone.Length > 0 && ZoneNames.TryGetValue(zone, out var named))
        {
            offset = named;
        }

        if (dayOfMonth > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        return new DateTimeOffset(year, month, dayOfMonth, hour, minute, Math.Min(second, 59), offset);
    }

    private static DateTimeOffset? Build(string yearText, string monthText, string dayText)
    {
        var month = MonthIndex(monthText);
        if (month == 0 || !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) ||
            !int.TryParse(dayText, NumberStyles.None, CultureInfo.InvariantCulture, out var day) ||
            year < 1990 || year > 2200 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        return new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
    }

    private static int MonthIndex(string name)
    {
        var key = name.Trim('.').ToLowerInvariant();
        if (key.Length < 3)
        {
            return 0;
        }

        var index = Array.IndexOf(MonthNames, key[..3]);
        return index < 0 ? 0 : index + 1;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoLike();

    [GeneratedRegex(@"^(?:[A-Za-z]{3,9},?\s+)?(?<d>\d{1,2})\s+(?<mon>[A-Za-z]{3,9})\.?\s+(?<y>\d{4}|\d{2})(?:\s+(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2}))?)?(?:\s+(?<z>[+-]\d{4}|[A-Za-z]{1,5}))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc822();

    [GeneratedRegex(@"^\d{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex CompactDate();

    [GeneratedRegex(@"\b(?<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?<d>\d{1,2}),?\s+(?<y>\d{4})\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MonthDayYear();

    [GeneratedRegex(@"\b(?<d>\d{1,2})\s+(?<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?\s+(?<y>\d{4})\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();
}
