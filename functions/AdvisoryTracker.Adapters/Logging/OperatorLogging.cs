using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AdvisoryTracker.Adapters.Logging;

/// <summary>
/// Log levels an operator can read, shared by both hosts (Function App and local runner / CLI): the product's own
/// categories log at Information, framework categories only at Warning (ASP.NET Core writes about six lines per request,
/// HttpClient and its resilience handler about five per fetch).
/// </summary>
public static class OperatorLogging
{
    /// <summary>Framework categories kept at Warning unless configured otherwise.</summary>
    public static readonly IReadOnlyList<string> FrameworkCategories =
        ["Microsoft", "System.Net.Http", "Polly", "Azure"];

    public static ILoggingBuilder AddOperatorDefaults(this ILoggingBuilder logging)
    {
        foreach (var category in FrameworkCategories)
        {
            logging.AddFilter(category, LogLevel.Warning);
        }

        // "Now listening on ..." of the local runner is worth one line.
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        return logging;
    }

    /// <summary>Console logs go to stderr, so a command's stdout carries only its output (e.g. the ingest summary).</summary>
    public static ILoggingBuilder AddStderrConsole(this ILoggingBuilder logging)
    {
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return logging;
    }
}
