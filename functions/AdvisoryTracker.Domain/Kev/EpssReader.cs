using System.Globalization;

namespace AdvisoryTracker.Domain.Kev;

/// <summary>
/// Reads the EPSS CSV (<c>#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z</c>, a <c>cve,epss,percentile</c>
/// header, then one row per CVE). Bad rows are skipped and reported; a missing header rejects the file.
/// </summary>
public static class EpssReader
{
    public static EpssReadResult Read(TextReader csv)
    {
        var model = "";
        DateTimeOffset? scoreDate = null;
        var scores = new List<EpssScore>();
        var skipped = new List<string>();
        var headerSeen = false;
        var lineNumber = 0;
        while (csv.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.StartsWith('#'))
            {
                foreach (var part in line.TrimStart('#').Split(','))
                {
                    var colon = part.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0)
                    {
                        continue;
                    }

                    var key = part[..colon].Trim();
                    var value = part[(colon + 1)..].Trim();
                    if (key == "model_version")
                    {
                        model = value;
                    }
                    else if (key == "score_date" && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
                    {
                        scoreDate = date;
                    }
                }

                continue;
            }

            if (!headerSeen)
            {
                if (!line.Trim().Equals("cve,epss,percentile", StringComparison.OrdinalIgnoreCase))
                {
                    return new EpssReadResult([], model, scoreDate, skipped, $"line {lineNumber}: expected header 'cve,epss,percentile'");
                }

                headerSeen = true;
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length == 3 && fields[0].StartsWith("CVE-", StringComparison.OrdinalIgnoreCase) &&
                double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var probability) &&
                double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var percentile) &&
                probability is >= 0 and <= 1 && percentile is >= 0 and <= 1)
            {
                scores.Add(new EpssScore(fields[0].ToUpperInvariant(), probability, percentile, model, scoreDate));
            }
            else if (line.Length > 0)
            {
                skipped.Add($"line {lineNumber}: unreadable row");
            }
        }

        return headerSeen
            ? new EpssReadResult(scores, model, scoreDate, skipped, null)
            : new EpssReadResult([], model, scoreDate, skipped, "no header: not an EPSS CSV");
    }
}
