using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Registry;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Domain.Storage;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Domain.Ingestion;

/// <summary>Records documents a source deliberately did not ingest, with the reason.</summary>
public interface IRejectionLog
{
    Task RecordAsync(string sourceName, string documentReference, string reason, CancellationToken cancellationToken);
}

/// <summary>
/// Where every source delivers advisories. A document whose content is already stored writes nothing. A new advisory
/// or revision is archived raw, matched against the registered devices (matches and their notifications written
/// together), and only then stored as the current revision — so a crash at any point is repaired by the next sync,
/// which sees the document as new again and re-runs the idempotent steps.
/// </summary>
public sealed partial class AdvisoryIngestor(
    IAdvisoryStore advisories,
    IAdvisoryArchive archive,
    IRejectionLog rejections,
    AdvisoryMatchingService matching,
    IDeviceBackfillQueue backfill,
    ILogger<AdvisoryIngestor> logger) : IBatchingAdvisorySink
{
    public IAsyncDisposable BeginBatch() => matching.BeginBatch(backfill);

    public async Task<AdvisoryStoreOutcome> StoreAsync(Advisory advisory, ReadOnlyMemory<byte> rawDocument, string sourceName, CancellationToken cancellationToken)
    {
        var existing = await advisories.GetAsync(advisory.Id, cancellationToken);
        if (existing is not null && existing.Advisory.ContentHash == advisory.ContentHash)
        {
            return AdvisoryStoreOutcome.Unchanged;
        }

        if (existing is not null && IsOlder(advisory, existing.Advisory))
        {
            LogOlderRevisionIgnored(advisory.Id, advisory.Revision, existing.Advisory.Revision, sourceName);
            await archive.ArchiveAsync(sourceName, advisory, rawDocument, cancellationToken);
            return AdvisoryStoreOutcome.Unchanged;
        }

        await archive.ArchiveAsync(sourceName, advisory, rawDocument, cancellationToken);
        var summary = await matching.MatchAdvisoryAsync(advisory, cancellationToken);
        await advisories.SaveAsync(advisory, sourceName, cancellationToken);

        var outcome = existing is null ? AdvisoryStoreOutcome.Created : AdvisoryStoreOutcome.Revised;
        LogAdvisoryStored(advisory.Id, advisory.Revision, outcome, sourceName, summary.Flagged, summary.Notifications);
        return outcome;
    }

    public async Task RecordRejectionAsync(string sourceName, string documentReference, string reason, CancellationToken cancellationToken)
    {
        LogDocumentRejected(sourceName, documentReference, reason);
        await rejections.RecordAsync(sourceName, documentReference, reason, cancellationToken);
    }

    /// <summary>True when <paramref name="incoming"/> is an earlier revision than what is stored (never regress).</summary>
    private static bool IsOlder(Advisory incoming, Advisory stored) =>
        incoming.CurrentReleaseDate is { } a && stored.CurrentReleaseDate is { } b && a < b;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Advisory {AdvisoryId} revision {Revision} {Outcome} from {Source}: {Flagged} devices flagged, {Notifications} notifications queued")]
    private partial void LogAdvisoryStored(string advisoryId, string revision, AdvisoryStoreOutcome outcome, string source, int flagged, int notifications);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "Advisory {AdvisoryId} revision {Revision} from {Source} is older than the stored revision {StoredRevision}; archived, not applied")]
    private partial void LogOlderRevisionIgnored(string advisoryId, string revision, string storedRevision, string source);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Source {Source} rejected document {Document}: {Reason}")]
    private partial void LogDocumentRejected(string source, string document, string reason);
}
