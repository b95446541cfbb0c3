using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Api.Http;

/// <summary>
/// The request log line both hosts write instead of ASP.NET Core's "Request starting …" (whose category,
/// <see cref="HostingDiagnosticsCategory"/>, the hosts raise to Warning because it prints the query string with the
/// function key in <c>?code=</c>): method, path, the query with secrets redacted, status and duration.
/// </summary>
public static partial class RequestLogging
{
    /// <summary>ASP.NET Core's request-start/finish log category; it logs full URLs at Information.</summary>
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>The query with the value of every secret parameter (<c>code</c>, <c>sig</c>, <c>key</c>…) replaced by <c>***</c>.</summary>
    public static string Redact(string? query) =>
        string.IsNullOrEmpty(query) ? "" : SecretParameter().Replace(query, m => m.Groups[1].Value + "=***");

    /// <summary>Logs one line per request once it is answered.</summary>
    public static async Task LogAsync(HttpContext context, Func<Task> next, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next();
        }
        finally
        {
            LogRequest(logger, context.Request.Method, context.Request.Path.Value ?? "", Redact(context.Request.QueryString.Value),
                context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [GeneratedRegex(@"(?<=^|[?&;])((?:code|sig|key|token|access_token|api[-_]?key|x-functions-key)(?:%5B%5D)?)=[^&;#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretParameter();

    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "HTTP {Method} {Path}{Query} answered {StatusCode} in {ElapsedMs:0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, string query, int statusCode, double elapsedMs);
}
