using System.Diagnostics;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Api.Problems;
using AdvisoryTracker.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Api.Http;

/// <summary>
/// What happens around every admin API endpoint, in both hosts (the Function App's HTTP triggers and the local
/// runner's Kestrel routes) — one copy: authorisation, the request's Content-Type (415), a time limit, storage outages
/// as 503 with Retry-After, and any other unexpected exception logged once with a correlation id and answered as a
/// 500 problem that carries the same id (and no internals).
/// </summary>
public sealed partial class ApiPipeline(ApiAuthorizer authorizer, IOptions<ApiSecurityOptions> options, ILogger<ApiPipeline> logger)
{
    /// <summary>Seconds a client should wait before retrying after a 503.</summary>
    public const int RetryAfterSeconds = 30;

    public async Task<IResult> RunAsync(
        HttpContext context, ApiPermission permission, ApiBody body, string routeName, Func<CancellationToken, Task<IResult>> endpoint, CancellationToken hostToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (authorizer.Authorize(context.Request, permission) is { } refusal)
        {
            return refusal;
        }

        if (ContentTypeProblem(context.Request, body) is { } unsupported)
        {
            return unsupported;
        }

        ApiCaller.Set(authorizer.IsAdmin(context.Request));

        using var host = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, hostToken);
        var aborted = host.Token;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        limit.CancelAfter(options.Value.RequestTimeout);
        try
        {
            return await endpoint(limit.Token);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            // The time limit, or a cancellation not asked for by the caller (e.g. a shared storage call cancelled by
            // another request's limit): either way storage did not answer in time.
            var id = CorrelationId(context);
            LogTimedOut(logger, context.Request.Method, routeName, options.Value.RequestTimeout.TotalSeconds, id);
            return ApiProblems.Unavailable($"the request took longer than {options.Value.RequestTimeout.TotalSeconds:0} s (storage may be slow or unreachable); retry later", RetryAfterSeconds, id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && AzureStorageFaults.Classify(ex))
        {
            var id = CorrelationId(context);
            LogStorageUnavailable(logger, context.Request.Method, routeName, id, ex.GetType().Name);
            return ApiProblems.Unavailable("storage is not reachable; retry later", RetryAfterSeconds, id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var id = CorrelationId(context);
            LogUnhandled(logger, ex, context.Request.Method, routeName, id);
            return ApiProblems.ServerError(id);
        }
    }

    /// <summary>415 when a body is sent with a media type the route does not read (JSON routes: application/json or +json, UTF-8; CSV: text/csv or text/plain).</summary>
    public static IResult? ContentTypeProblem(HttpRequest request, ApiBody body)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (body == ApiBody.None)
        {
            return null;
        }

        var declared = request.ContentType;
        var hasBody = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;
        if (string.IsNullOrWhiteSpace(declared))
        {
            return hasBody ? ApiProblems.UnsupportedMediaType(Expected(body)) : null;
        }

        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(declared, out var media) || media.MediaType.Value is not { } type)
        {
            return ApiProblems.UnsupportedMediaType(Expected(body));
        }

        var charset = media.Charset.Value;
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.UnsupportedMediaType(Expected(body) + " with charset utf-8");
        }

        var ok = body switch
        {
            ApiBody.DeviceCsv => type.Equals("text/csv", StringComparison.OrdinalIgnoreCase) || type.Equals("text/plain", StringComparison.OrdinalIgnoreCase),
            ApiBody.ActionForm => type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase),
            _ => type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase),
        };
        return ok ? null : ApiProblems.UnsupportedMediaType(Expected(body));
    }

    private static string Expected(ApiBody body) => body switch
    {
        ApiBody.DeviceCsv => "text/csv",
        ApiBody.ActionForm => "application/x-www-form-urlencoded",
        _ => "application/json",
    };

    /// <summary>The request's trace id (W3C), also in the log entry and the problem answer.</summary>
    public static string CorrelationId(HttpContext context) =>
        Activity.Current?.TraceId.ToHexString() is { } trace && trace != "00000000000000000000000000000000" ? trace : context.TraceIdentifier;

    [LoggerMessage(EventId = 9101, Level = LogLevel.Error, Message = "Unhandled error in {Method} /api/{Route} (correlation id {CorrelationId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string route, string correlationId);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "{Method} /api/{Route}: storage is not reachable ({ExceptionType}); answered 503 (correlation id {CorrelationId})")]
    private static partial void LogStorageUnavailable(ILogger logger, string method, string route, string correlationId, string exceptionType);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "{Method} /api/{Route} took longer than {Seconds} s; answered 503 (correlation id {CorrelationId})")]
    private static partial void LogTimedOut(ILogger logger, string method, string route, double seconds, string correlationId);
}
