using System.Text;
using System.Text.Json;

namespace AdvisoryTracker.Domain.Csaf.Distribution;

/// <summary>What a consumer needs from a <c>provider-metadata.json</c>: where the documents are and which keys sign them.</summary>
public sealed record CsafProviderMetadata(
    string PublisherName,
    string Role,
    IReadOnlyList<Uri> RolieFeeds,
    IReadOnlyList<Uri> Directories,
    IReadOnlyList<CsafPublicKeyReference> PublicKeys)
{
    /// <summary>Reads provider metadata; the error says why it cannot be used.</summary>
    public static (CsafProviderMetadata? Metadata, string? Error) Parse(ReadOnlyMemory<byte> json, Uri metadataUrl)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return (null, $"provider-metadata.json is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "provider-metadata.json is not a JSON object");
            }

            var feeds = new List<Uri>();
            var directories = new List<Uri>();
            if (root.TryGetProperty("distributions", out var distributions) && distributions.ValueKind == JsonValueKind.Array)
            {
                foreach (var distribution in distributions.EnumerateArray())
                {
                    if (Text(distribution, "directory_url") is { } directory && TryUrl(metadataUrl, directory, out var directoryUrl))
                    {
                        directories.Add(directoryUrl);
                    }

                    if (distribution.ValueKind == JsonValueKind.Object && distribution.TryGetProperty("rolie", out var rolie) &&
                        rolie.ValueKind == JsonValueKind.Object && rolie.TryGetProperty("feeds", out var feedList) && feedList.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var feed in feedList.EnumerateArray())
                        {
                            if (Text(feed, "url") is { } url && TryUrl(metadataUrl, url, out var feedUrl))
                            {
                                feeds.Add(feedUrl);
                            }
                        }
                    }
                }
            }

            var keys = new List<CsafPublicKeyReference>();
            if (root.TryGetProperty("public_openpgp_keys", out var keyList) && keyList.ValueKind == JsonValueKind.Array)
            {
                foreach (var key in keyList.EnumerateArray())
                {
                    if (Text(key, "url") is { } url && TryUrl(metadataUrl, url, out var keyUrl))
                    {
                        keys.Add(new CsafPublicKeyReference(Text(key, "fingerprint")?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(), keyUrl));
                    }
                }
            }

            if (feeds.Count == 0 && directories.Count == 0)
            {
                return (null, "provider-metadata.json names no ROLIE feed and no directory_url");
            }

            var publisher = root.TryGetProperty("publisher", out var p) ? Text(p, "name") ?? "" : "";
            return (new CsafProviderMetadata(publisher.Trim(), Text(root, "role") ?? "", feeds, directories, keys), null);
        }
    }

    /// <summary>The <c>CSAF:</c> lines of a security.txt (RFC 9116), in order.</summary>
    public static IReadOnlyList<Uri> ParseSecurityTxt(ReadOnlySpan<byte> text)
    {
        var result = new List<Uri>();
        foreach (var line in Encoding.UTF8.GetString(text).Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("CSAF:", StringComparison.OrdinalIgnoreCase) &&
                Uri.TryCreate(trimmed[5..].Trim(), UriKind.Absolute, out var url))
            {
                result.Add(url);
            }
        }

        return result;
    }

    private static bool TryUrl(Uri baseUrl, string text, out Uri url) =>
        Uri.TryCreate(baseUrl, text.Trim(), out url!) && url.IsAbsoluteUri;

    private static string? Text(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
