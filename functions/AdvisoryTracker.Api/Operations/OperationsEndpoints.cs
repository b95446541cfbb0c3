using System.Globalization;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Api.Http;
using AdvisoryTracker.Api.Problems;
using AdvisoryTracker.Domain.Ingestion;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Api.Operations;

/// <summary>Feed health, dead-lettered notifications and the anonymous health probe.</summary>
public sealed class OperationsEndpoints(IServiceProvider services, TrackerStorage storage, TimeProvider time)
{
    public const int MaxDeadLetters = 500;
    public const int MaxRejections = 500;
    public const int MaxSourceNameLength = 100;
    private const int MaxErrorLength = 500;

    /// <summary>
    /// <c>GET /api/sources</c>: every configured source (one that never ran as <c>never-run</c>) with its health
    /// (<c>healthy</c>, <c>failing</c>, <c>stale</c>, <c>never-run</c>), last attempt and success, failures in a row, last
    /// error and counters; then the states of sources no longer configured (one-off CLI runs) as <c>retired</c>.
    /// </summary>
    public async Task<IResult> SourcesAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<SourceSyncRunner>() is not { } runner)
        {
            return ApiProblems.Unavailable("source state is not available in this deployment");
        }

        var now = time.GetUtcNow();
        var health = await runner.GetHealthAsync(cancellationToken);
        var rejections = services.GetService<IRejectionLog>();
        var latest = new Dictionary<string, RejectionRecord?>(StringComparer.Ordinal);
        foreach (var h in health)
        {
            latest[h.State.SourceName] = rejections is null ? null : (await rejections.ListAsync(h.State.SourceName, 1, cancellationToken)).FirstOrDefault();
        }
        return Results.Ok(new Dictionary<string, object?>
        {
            ["items"] = health.Select(h => (s: h.State, h.Status, h.IsConfigured)).Select(x => new Dictionary<string, object?>
            {
                ["name"] = x.s.SourceName,
                ["health"] = x.Status,
                ["configured"] = x.IsConfigured,
                ["lastAttempt"] = x.s.LastAttempt,
                ["lastSuccess"] = x.s.LastSuccess,
                ["hoursSinceSuccess"] = x.s.LastSuccess is { } ok ? Math.Round((now - ok).TotalHours, 1) : null,
                ["consecutiveFailures"] = x.s.ConsecutiveFailures,
                ["lastError"] = x.s.LastError is { Length: > MaxErrorLength } e ? e[..MaxErrorLength] + "…" : x.s.LastError,
                ["documentsSeen"] = x.s.DocumentsSeen,
                ["documentsStored"] = x.s.DocumentsStored,
                ["documentsRejected"] = x.s.DocumentsRejected,
                ["lastRejection"] = latest[x.s.SourceName] is { } r ? RejectionJson(r) : null,
            }).ToList(),
        });
    }

    /// <summary><c>GET /api/sources/{name}/rejections?max=</c>: the source's refused or quarantined documents, newest first.</summary>
    public async Task<IResult> RejectionsAsync(HttpRequest request, string? name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxSourceNameLength || ApiInput.HasControlCharacters(name))
        {
            return ApiProblems.BadRequest("name", $"must be a source name of 1-{MaxSourceNameLength} characters");
        }

        var max = 100;
        if (request.Query["max"] is { Count: > 0 } values
            && (values.Count > 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxRejections))
        {
            return ApiProblems.BadRequest("max", $"must be a whole number from 1 to {MaxRejections}");
        }

        if (services.GetService<IRejectionLog>() is not { } rejections || services.GetService<ISourceStateStore>() is not { } store)
        {
            return ApiProblems.Unavailable("source state is not available in this deployment");
        }

        var states = await store.ListAsync(cancellationToken);
        if (!states.Any(s => s.SourceName == name))
        {
            return ApiProblems.NotFound($"no source named '{name}' has run");
        }

        var items = await rejections.ListAsync(name, max, cancellationToken);
        return Results.Ok(new Dictionary<string, object?> { ["source"] = name, ["items"] = items.Select(RejectionJson).ToList() });
    }

    private static Dictionary<string, object?> RejectionJson(RejectionRecord r) => new()
    {
        ["document"] = r.DocumentReference,
        ["reason"] = r.Reason,
        ["sha256"] = r.ContentHash,
        ["rejectedAt"] = r.RejectedAt,
    };

    /// <summary><c>GET /api/notifications/dead-letters?max=</c>: notifications that could not be delivered.</summary>
    public async Task<IResult> DeadLettersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var max = 100;
        if (request.Query["max"] is { Count: > 0 } values
            && (values.Count > 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxDeadLetters))
        {
            return ApiProblems.BadRequest("max", $"must be a whole number from 1 to {MaxDeadLetters}");
        }

        if (services.GetService<INotificationDeadLetters>() is not { } deadLetters)
        {
            return ApiProblems.Unavailable("the notification dead-letter queue is not available in this deployment");
        }

        var items = await deadLetters.ListAsync(max, cancellationToken);
        return Results.Ok(new Dictionary<string, object?> { ["items"] = items });
    }

    /// <summary><c>POST /api/notifications/dead-letters/replay?id=</c>: sends one (by id) or all dead-lettered notifications back to the queue.</summary>
    public async Task<IResult> ReplayAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        string? id = null;
        if (request.Query["id"] is { Count: > 0 } values)
        {
            id = values[0];
            if (values.Count > 1 || ApiInput.AdvisoryId(id, "id") is not null)
            {
                return ApiProblems.BadRequest("id", $"must be given once, 1-{ApiInput.MaxAdvisoryIdLength} characters without control characters");
            }
        }

        if (services.GetService<INotificationDeadLetters>() is not { } deadLetters)
        {
            return ApiProblems.Unavailable("the notification dead-letter queue is not available in this deployment");
        }

        var replayed = await deadLetters.ReplayAsync(id, cancellationToken);
        if (id is not null && replayed == 0)
        {
            return ApiProblems.NotFound($"no dead-lettered notification with id '{id}'");
        }

        return Results.Ok(new Dictionary<string, object?> { ["replayed"] = replayed });
    }

    /// <summary>
    /// <c>GET /api/health</c> (anonymous): "ok" and whether storage answers, nothing else (no versions, names or
    /// connection details). 503 when storage does not answer within 5 seconds.
    /// </summary>
    public async Task<IResult> HealthAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        bool reachable;
        try
        {
            var table = await storage.TableAsync(TrackerStorage.Devices, timeout.Token);
            await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }

            reachable = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            reachable = false;
        }

        var body = new Dictionary<string, string> { ["status"] = reachable ? "ok" : "degraded", ["storage"] = reachable ? "ok" : "unreachable" };
        // The probe's body stays {status, storage} (monitors read it), with Retry-After as on every 503.
        return reachable ? Results.Ok(body) : ApiProblems.WithRetryAfter(Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable));
    }
}
