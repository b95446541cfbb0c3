using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AdvisoryTracker.Domain.Csaf.Distribution;

/// <summary>
/// Pure parsers for the CSAF 2.0 distribution files a consumer reads: ROLIE feeds, <c>changes.csv</c> and
/// <c>index.txt</c>. Tolerant where real providers differ (CISA's repository-relative paths and two timestamp
/// formats, ISDuBA's quoted CSV, stray spaces), strict where trust is at stake (entries must resolve to absolute URLs).
/// </summary>
public static class CsafListingParser
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16 };

    /// <summary>Reads a ROLIE feed (<c>{"feed":{"entry":[...]}}</c>). Entry links are resolved against <paramref name="feedUrl"/>.</summary>
    public static CsafListing ParseRolieFeed(ReadOnlyMemory<byte> json, Uri feedUrl)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            return CsafListing.Failed($"the ROLIE feed is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("feed", out var feed) || feed.ValueKind != JsonValueKind.Object)
            {
                return CsafListing.Failed("the ROLIE feed has no /feed object");
            }

            if (!feed.TryGetProperty("entry", out var entries))
            {
                return new CsafListing([], null);
            }

            if (entries.ValueKind != JsonValueKind.Array)
            {
                return CsafListing.Failed("the ROLIE feed's /feed/entry is not an array");
            }

            var list = new List<CsafDistributionEntry>(entries.GetArrayLength());
            foreach (var entry in entries.EnumerateArray())
            {
                if (ParseRolieEntry(entry, feedUrl) is { } parsed)
                {
                    list.Add(parsed);
                }
            }

            return new CsafListing(list, null);
        }
    }

    private static CsafDistributionEntry? ParseRolieEntry(JsonElement entry, Uri feedUrl)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        Uri? self = null;
        Uri? signature = null;
        var hashes = new List<Uri>();
        if (entry.TryGetProperty("link", out var links) && links.ValueKind == JsonValueKind.Array)
        {
            foreach (var link in links.EnumerateArray())
            {
                var href = Text(link, "href");
                if (href is null || !TryResolve(feedUrl, href, out var url))
                {
                    continue;
                }

                switch (Text(link, "rel"))
                {
                    case "self":
                        self ??= url;
                        break;
                    case "signature":
                        signature ??= url;
                        break;
                    case "hash":
                        hashes.Add(url);
                        break;
                }
            }
        }

        if (self is null && entry.TryGetProperty("content", out var content) && Text(content, "src") is { } src && TryResolve(feedUrl, src, out var contentUrl))
        {
            self = contentUrl;
        }

        if (self is null)
        {
            return null;
        }

        // Prefer the strongest hash the provider offers.
        hashes.Sort((a, b) => Rank(b).CompareTo(Rank(a)));
        var id = Text(entry, "id")?.Trim();
        return new CsafDistributionEntry(
            string.IsNullOrEmpty(id) ? CsafDistributionEntry.IdFromFileName(self.AbsolutePath) : id,
            self,
            ParseTimestamp(Text(entry, "updated") ?? Text(entry, "published")),
            hashes,
            signature);

        static int Rank(Uri u) => CsafHashFile.AlgorithmFromUrl(u.AbsolutePath) switch
        {
            CsafHashAlgorithm.Sha512 => 2,
            CsafHashAlgorithm.Sha256 => 1,
            _ => 0,
        };
    }

    /// <summary>Reads <c>changes.csv</c> (<c>path,timestamp</c>, quoted or not, no header).</summary>
    public static CsafListing ParseChangesCsv(ReadOnlySpan<byte> csv, Uri directoryUrl)
    {
        var list = new List<CsafDistributionEntry>();
        var lineNumber = 0;
        foreach (var raw in Lines(csv))
        {
            lineNumber++;
            var comma = raw.LastIndexOf(',');
            if (comma < 0)
            {
                return CsafListing.Failed($"changes.csv line {lineNumber} has no comma");
            }

            var path = Unquote(raw[..comma]);
            var stamp = Unquote(raw[(comma + 1)..]);
            var updated = ParseTimestamp(stamp);
            if (updated is null)
            {
                return CsafListing.Failed($"changes.csv line {lineNumber}: '{Clip(stamp)}' is not a timestamp");
            }

            if (!TryResolveListingPath(directoryUrl, path, out var url))
            {
                return CsafListing.Failed($"changes.csv line {lineNumber}: '{Clip(path)}' is not a relative document path");
            }

            list.Add(CsafDistributionEntry.WithConventionalFiles(CsafDistributionEntry.IdFromFileName(path), url, updated));
        }

        return new CsafListing(list, null);
    }

    /// <summary>Reads <c>index.txt</c> (one relative path per line). It has no timestamps.</summary>
    public static CsafListing ParseIndexTxt(ReadOnlySpan<byte> text, Uri directoryUrl)
    {
        var list = new List<CsafDistributionEntry>();
        var lineNumber = 0;
        foreach (var raw in Lines(text))
        {
            lineNumber++;
            var path = Unquote(raw);
            if (!TryResolveListingPath(directoryUrl, path, out var url))
            {
                return CsafListing.Failed($"index.txt line {lineNumber}: '{Clip(path)}' is not a relative document path");
            }

            list.Add(CsafDistributionEntry.WithConventionalFiles(CsafDistributionEntry.IdFromFileName(path), url, null));
        }

        return new CsafListing(list, null);
    }

    /// <summary>
    /// Resolves a listing path against the directory URL. The spec makes paths relative to the directory; CISA writes
    /// them relative to its repository root (<c>csaf_files/OT/white/2025/x.json</c> under <c>.../csaf_files/OT/white/</c>),
    /// so a leading part that repeats the directory's own tail is dropped. Paths may not climb out of the directory.
    /// </summary>
    public static bool TryResolveListingPath(Uri directoryUrl, string path, out Uri url)
    {
        url = directoryUrl;
        path = path.Trim().Replace('\\', '/');
        if (path.Length == 0 || path.StartsWith('/') || path.Contains("..", StringComparison.Ordinal) || path.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        var baseUrl = directoryUrl.AbsoluteUri.EndsWith('/') ? directoryUrl : new Uri(directoryUrl.AbsoluteUri + "/");
        var baseSegments = baseUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var pathSegments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var overlap = Math.Min(baseSegments.Length, pathSegments.Length - 1); overlap > 0; overlap--)
        {
            if (baseSegments.AsSpan(baseSegments.Length - overlap).SequenceEqual(pathSegments.AsSpan(0, overlap)))
            {
                pathSegments = pathSegments[overlap..];
                break;
            }
        }

        var relative = string.Join('/', pathSegments.Select(s => Uri.EscapeDataString(s.Trim())));
        return Uri.TryCreate(baseUrl, relative, out url!) && url.AbsoluteUri.StartsWith(baseUrl.AbsoluteUri, StringComparison.Ordinal);
    }

    /// <summary>ISO-8601 timestamps as providers write them (<c>...T07:00:00.000000Z</c>, <c>...T00:00:00Z</c>, <c>+00:00</c>).</summary>
    public static DateTimeOffset? ParseTimestamp(string? text) =>
        text is not null && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;

    private static bool TryResolve(Uri baseUrl, string href, out Uri url) =>
        Uri.TryCreate(baseUrl, href.Trim().Replace(" ", "%20", StringComparison.Ordinal), out url!) && url.IsAbsoluteUri;

    private static List<string> Lines(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        return Encoding.UTF8.GetString(bytes)
            .Split('\n')
            .Select(l => l.Trim('\r', ' ', '\t'))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
    }

    private static string Unquote(string value)
    {
        value = value.Trim();
        return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : value;
    }

    private static string? Text(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
