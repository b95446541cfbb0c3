using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Tracking;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Problems;

/// <summary>RFC 9457 problem responses (<c>application/problem+json</c>): the status, a title, what went wrong and, for bad input, which field.</summary>
public static class ApiProblems
{
    public static IResult Validation(IReadOnlyList<FieldError> errors) =>
        Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The request is not valid",
            detail: string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")),
            type: "https://httpstatuses.io/400",
            extensions: new Dictionary<string, object?>
            {
                ["field"] = errors.Count > 0 ? errors[0].Field : null,
                ["errors"] = errors.Select(e => new Dictionary<string, string> { ["field"] = e.Field, ["message"] = e.Message }).ToList(),
            });

    public static IResult BadRequest(string field, string message) => Validation([new FieldError(field, message)]);

    public static IResult Unauthorized(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required", detail: detail, type: "https://httpstatuses.io/401");

    public static IResult Forbidden(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: detail, type: "https://httpstatuses.io/403");

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail, type: "https://httpstatuses.io/404");

    public static IResult Conflict(string field, string detail) =>
        Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Conflict",
            detail: detail,
            type: "https://httpstatuses.io/409",
            extensions: new Dictionary<string, object?> { ["field"] = field });

    public static IResult PayloadTooLarge(int maxBytes) =>
        Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The request body is too large",
            detail: $"the body is over the limit of {maxBytes} bytes",
            type: "https://httpstatuses.io/400",
            extensions: new Dictionary<string, object?> { ["field"] = "body" });

    public static IResult PreconditionRequired() =>
        Results.Problem(
            statusCode: StatusCodes.Status428PreconditionRequired,
            title: "If-Match is required",
            detail: "send the ETag from the last GET of this device in an If-Match header",
            type: "https://httpstatuses.io/428",
            extensions: new Dictionary<string, object?> { ["field"] = "If-Match" });

    public static IResult PreconditionFailed() =>
        Results.Problem(
            statusCode: StatusCodes.Status412PreconditionFailed,
            title: "The device changed",
            detail: "the If-Match ETag is not the device's current one; GET it again and reapply your change",
            type: "https://httpstatuses.io/412",
            extensions: new Dictionary<string, object?> { ["field"] = "If-Match" });

    public static IResult Unavailable(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not available", detail: detail, type: "https://httpstatuses.io/503");

    /// <summary>503 for a transient condition (storage down, time limit): with Retry-After and the correlation id.</summary>
    public static IResult Unavailable(string detail, int retryAfterSeconds, string correlationId) =>
        new RetryAfterResult(
            Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Temporarily unavailable",
                detail: detail,
                type: "https://httpstatuses.io/503",
                extensions: new Dictionary<string, object?> { ["correlationId"] = correlationId, ["retryAfter"] = retryAfterSeconds }),
            retryAfterSeconds);

    public static IResult UnsupportedMediaType(string expected) =>
        Results.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type",
            detail: $"send the body as {expected}",
            type: "https://httpstatuses.io/415",
            extensions: new Dictionary<string, object?> { ["field"] = "Content-Type" });

    /// <summary>A bare status (404, 405, 414...) answered by the host rather than an endpoint, as a problem.</summary>
    public static IResult Status(int statusCode, string title, string? detail = null) =>
        Results.Problem(statusCode: statusCode, title: title, detail: detail, type: $"https://httpstatuses.io/{statusCode}");

    /// <summary>An import refused line by line: nothing was stored.</summary>
    public static IResult ImportRejected(IReadOnlyList<Domain.Tracking.ImportLineError> errors, int maxListed = 1000) =>
        Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The import is not valid; nothing was stored",
            detail: $"{errors.Count} problem(s); the first: line {errors[0].Line}, {errors[0].Field}: {errors[0].Message}",
            type: "https://httpstatuses.io/400",
            extensions: new Dictionary<string, object?>
            {
                ["field"] = errors[0].Field,
                ["line"] = errors[0].Line,
                ["errorCount"] = errors.Count,
                ["errors"] = errors.Take(maxListed)
                    .Select(e => new Dictionary<string, object> { ["line"] = e.Line, ["field"] = e.Field, ["message"] = e.Message })
                    .ToList(),
            });

    public static IResult ServerError() =>
        Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Something went wrong on our side", type: "https://httpstatuses.io/500");

    /// <summary>500 with the correlation id under which the error was logged.</summary>
    public static IResult ServerError(string correlationId) =>
        Results.Problem(
            statusCode: StatusCodes.Status500InternalServerError,
            title: "Something went wrong on our side",
            detail: $"quote correlation id {correlationId} when reporting this",
            type: "https://httpstatuses.io/500",
            extensions: new Dictionary<string, object?> { ["correlationId"] = correlationId });

    /// <summary>The answer with a Retry-After header (seconds).</summary>
    public static IResult WithRetryAfter(IResult inner, int seconds = 30) => new RetryAfterResult(inner, seconds);

    private sealed class RetryAfterResult(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
