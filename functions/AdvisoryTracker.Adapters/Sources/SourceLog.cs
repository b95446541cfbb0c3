using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Adapters.Sources;

/// <summary>Source-generated log messages of the sources beyond CSAF (event ids 8100-8199).</summary>
internal static partial class SourceLog
{
    [LoggerMessage(EventId = 8100, Level = LogLevel.Information, Message = "{Source}: stored {Link} as {AdvisoryId} ({Outcome})")]
    public static partial void PageStored(ILogger logger, string source, string link, string advisoryId, AdvisoryStoreOutcome outcome);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Information, Message = "{Source}: handled {Handled} of {Pending} pending items; the rest waits for the next run")]
    public static partial void BatchLimited(ILogger logger, string source, int handled, int pending);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Debug, Message = "{Source}: listing not modified")]
    public static partial void NotModified(ILogger logger, string source);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Information, Message = "{Source}: window {From} to {To}: {Records} records, {Stored} new or revised, {Rejected} rejected")]
    public static partial void RecallWindow(ILogger logger, string source, string from, string to, int records, int stored, int rejected);

    [LoggerMessage(EventId = 8105, Level = LogLevel.Information, Message = "{Source}: KEV catalogue {Version} with {Count} entries stored; {New} newly exploited")]
    public static partial void KevStored(ILogger logger, string source, string version, int count, int @new);

    [LoggerMessage(EventId = 8108, Level = LogLevel.Information, Message = "{Source}: first load of the KEV catalogue {Version}: {Count} entries stored; entries CISA adds from today on will be announced as newly exploited")]
    public static partial void KevFirstLoad(ILogger logger, string source, string version, int count);

    [LoggerMessage(EventId = 8106, Level = LogLevel.Information, Message = "{Source}: CVE {Cve} is newly known exploited (added {DateAdded})")]
    public static partial void NewlyExploited(ILogger logger, string source, string cve, string dateAdded);

    [LoggerMessage(EventId = 8107, Level = LogLevel.Information, Message = "{Source}: {Count} EPSS scores stored (model {Model})")]
    public static partial void EpssStored(ILogger logger, string source, int count, string model);
}
