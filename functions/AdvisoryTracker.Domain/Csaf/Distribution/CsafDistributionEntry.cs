namespace AdvisoryTracker.Domain.Csaf.Distribution;

/// <summary>
/// One document a provider lists (a ROLIE feed entry, a <c>changes.csv</c> or <c>index.txt</c> line, a file on disk):
/// where to fetch it, its hash and signature files, and when it last changed.
/// </summary>
public sealed record CsafDistributionEntry(
    string? DocumentId,
    Uri DocumentUrl,
    DateTimeOffset? Updated,
    IReadOnlyList<Uri> HashUrls,
    Uri? SignatureUrl)
{
    /// <summary>For directory distributions, which publish no links: the conventional <c>.sha512</c>/<c>.sha256</c>/<c>.asc</c> next to the document.</summary>
    public static CsafDistributionEntry WithConventionalFiles(string? documentId, Uri documentUrl, DateTimeOffset? updated) =>
        new(documentId, documentUrl, updated,
            [new Uri(documentUrl + ".sha512"), new Uri(documentUrl + ".sha256")],
            new Uri(documentUrl + ".asc"));

    /// <summary>The tracking id guessed from the file name (<c>icsma-25-058-01.json</c> -> <c>ICSMA-25-058-01</c>).</summary>
    public static string IdFromFileName(string pathOrUrl)
    {
        var name = Uri.UnescapeDataString(pathOrUrl).Trim();
        var slash = name.LastIndexOf('/');
        name = slash >= 0 ? name[(slash + 1)..] : name;
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^5];
        }

        return name.Trim().ToUpperInvariant();
    }
}
