using System.Globalization;
using System.Net;
using System.Text;
using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Adapters.Sources.OpenFda;

/// <summary>
/// Reads openFDA device recalls (or enforcement reports) by date window, page by page (skip/limit) with a pause between
/// pages; 429 and Retry-After are honoured by the client's resilience handler. The cursor (the window's last day, in
/// <see cref="SourceState.Cursor"/> as yyyy-MM-dd) moves only when the whole window was read; every record is stored
/// or recorded as rejected, and re-reading an overlap is harmless because the sink is idempotent.
/// </summary>
public sealed class OpenFdaRecallSource(
    OpenFdaEndpoint endpoint,
    OpenFdaOptions options,
    SourceHttpClient http,
    TimeProvider time,
    ILogger<OpenFdaRecallSource> logger) : IScheduledAdvisorySource
{
    public string Name => endpoint == OpenFdaEndpoint.Recall ? "openfda-device-recall" : "openfda-device-enforcement";

    /// <summary><c>OpenFda:Interval</c> (default one hour).</summary>
    public TimeSpan MinimumInterval => options.Interval;

    public async Task SyncAsync(SourceState state, IAdvisorySink sink, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = DateOnly.TryParseExact(state.Cursor, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var cursor)
            ? cursor.AddDays(-Math.Max(0, options.OverlapDays))
            : today.AddDays(-Math.Max(1, options.InitialLookbackDays));
        int records = 0, stored = 0, rejected = 0;
        var pageSize = Math.Clamp(options.PageSize, 1, 1000);
        for (var page = 0; ; page++)
        {
            if (page >= options.MaxPagesPerRun || page * pageSize > 25_000)
            {
                throw new InvalidOperationException(
                    $"{Name}: window {from:yyyy-MM-dd}..{today:yyyy-MM-dd} has more than {page * pageSize} records; narrow it with OpenFda:Manufacturers or raise MaxPagesPerRun");
            }

            if (page > 0)
            {
                await Task.Delay(options.PauseBetweenPages, time, cancellationToken);
            }

            var result = await FetchPageAsync(QueryUrl(from, today, page * pageSize, pageSize), cancellationToken);
            foreach (var record in result.Records)
            {
                records++;
                state.DocumentsSeen++;
                if (record.Advisory is { } advisory)
                {
                    if (await sink.StoreAsync(advisory, record.RawJson, Name, record.Reference, cancellationToken) is AdvisoryStoreOutcome.Created or AdvisoryStoreOutcome.Revised)
                    {
                        stored++;
                        state.DocumentsStored++;
                    }
                }
                else
                {
                    await sink.RecordRejectionAsync(Name, record.Reference, record.RejectionReason ?? "unreadable record", cancellationToken);
                    rejected++;
                    state.DocumentsRejected++;
                }
            }

            if (result.Records.Count == 0 || (page + 1) * pageSize >= result.Total)
            {
                break;
            }
        }

        state.Cursor = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        SourceLog.RecallWindow(logger, Name, from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), state.Cursor, records, stored, rejected);
    }

    private async Task<OpenFdaPage> FetchPageAsync(Uri url, CancellationToken cancellationToken)
    {
        FetchedResource response;
        try
        {
            response = await http.GetAsync(url, null, options.MaxResponseBytes, cancellationToken);
        }
        catch (SourceFetchException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // openFDA answers 404 {"error":{"code":"NOT_FOUND"}} when a window has no records.
            return new OpenFdaPage(0, 0, 0, null, []);
        }

        var result = OpenFdaReader.Read(response.Body, endpoint);
        return result.Page ?? throw new InvalidDataException($"{Name}: {url.GetLeftPart(UriPartial.Path)} answered garbage: {result.RejectionReason}");
    }

    /// <summary>The query URL of one page; dates are written as each endpoint stores them.</summary>
    public Uri QueryUrl(DateOnly from, DateOnly to, int skip, int limit)
    {
        var (path, field, format) = endpoint == OpenFdaEndpoint.Recall
            ? ("device/recall.json", "event_date_posted", "yyyy-MM-dd")
            : ("device/enforcement.json", "report_date", "yyyyMMdd");
        var search = new StringBuilder()
            .Append(field).Append(":[")
            .Append(from.ToString(format, CultureInfo.InvariantCulture)).Append(" TO ")
            .Append(to.ToString(format, CultureInfo.InvariantCulture)).Append(']');
        if (options.Manufacturers.Count > 0)
        {
            search.Append(" AND (")
                .AppendJoin(" OR ", options.Manufacturers.Select(m => $"recalling_firm:\"{m.Replace("\"", "", StringComparison.Ordinal)}\""))
                .Append(')');
        }

        var query = new StringBuilder("?search=").Append(Uri.EscapeDataString(search.ToString()))
            .Append("&limit=").Append(limit.ToString(CultureInfo.InvariantCulture))
            .Append("&skip=").Append(skip.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            query.Append("&api_key=").Append(Uri.EscapeDataString(options.ApiKey));
        }

        var baseUrl = options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/";
        return new Uri(new Uri(baseUrl), path + query);
    }
}
