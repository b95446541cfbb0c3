using System.Net;
using AdvisoryTracker.Adapters.Http;

namespace AdvisoryTracker.Adapters.Sources.Csaf;

/// <summary>Reads through the guarded <see cref="SourceHttpClient"/> (SSRF guard, caps, retries).</summary>
internal sealed class HttpCsafResourceReader(SourceHttpClient http) : ICsafResourceReader
{
    public async Task<byte[]> ReadAsync(Uri url, long maxBytes, CancellationToken cancellationToken) =>
        (await http.GetAsync(url, null, maxBytes, cancellationToken)).Body;
}

/// <summary>Reads files of a folder source; refuses anything outside the folder.</summary>
internal sealed class FileCsafResourceReader(string root) : ICsafResourceReader
{
    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;

    public async Task<byte[]> ReadAsync(Uri url, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(url.LocalPath);
        if (!url.IsFile || !path.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new SourceFetchException($"refused to read '{url}': outside the source folder");
        }

        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new SourceFetchException($"{path} does not exist", HttpStatusCode.NotFound);
            }

            if (info.Length > maxBytes)
            {
                throw new SourceFetchException($"{path} is {info.Length} bytes, over the limit of {maxBytes} bytes") { IsOverSizeLimit = true };
            }

            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SourceFetchException($"{path} cannot be read: {ex.Message}", ex);
        }
    }
}
