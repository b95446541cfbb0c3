using System.IO.Compression;
using System.Text;
using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Adapters.Sources.Kev;

/// <summary>Refreshes FIRST EPSS scores (optional); plain or gzip CSV, decompressed with a size cap.</summary>
public sealed class EpssRefreshSource(EpssOptions options, SourceHttpClient http, IKnownExploitedStore store, ILogger<EpssRefreshSource> logger) : IEnrichmentSource, IScheduledAdvisorySource
{
    public string Name => "first-epss";

    /// <summary><c>Epss:Interval</c> (default one day: FIRST publishes the scores daily).</summary>
    public TimeSpan MinimumInterval => options.Interval;

    public async Task SyncAsync(SourceState state, IAdvisorySink sink, CancellationToken cancellationToken)
    {
        var fetched = await http.GetAsync(new Uri(options.Url), new ConditionalValidators(state.ETag, state.LastModified), options.MaxBytes, cancellationToken);
        if (fetched.NotModified)
        {
            return;
        }

        using var reader = new StringReader(Decompress(fetched.Body, options.MaxBytes * 6));
        var result = EpssReader.Read(reader);
        if (!result.Succeeded)
        {
            throw new InvalidDataException($"{Name}: {options.Url} is not an EPSS CSV: {result.RejectionReason}");
        }

        await store.SaveEpssAsync(result.Scores, cancellationToken);
        state.DocumentsSeen += result.Scores.Count;
        state.DocumentsRejected += result.SkippedLines.Count;
        state.Cursor = result.ScoreDate?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? result.ModelVersion;
        state.ETag = fetched.ETag;
        state.LastModified = fetched.LastModified;
        SourceLog.EpssStored(logger, Name, result.Scores.Count, result.ModelVersion);
    }

    private static string Decompress(byte[] body, long maxBytes)
    {
        if (body.Length < 2 || body[0] != 0x1f || body[1] != 0x8b)
        {
            return Encoding.UTF8.GetString(body);
        }

        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = gzip.Read(buffer)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                throw new InvalidDataException($"EPSS file decompresses to more than {maxBytes} bytes");
            }

            output.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }
}
