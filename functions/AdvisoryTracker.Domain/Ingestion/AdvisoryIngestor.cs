using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Domain.Tracking;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Domain.Ingestion;

/// <summary>
/// Where every source delivers advisories. A document whose content is already stored writes nothing. A new advisory
/// or revision is archived raw, matched against the registered devices (matches and their notifications written
/// together), and only then stored as the current revision — so a crash at any point is repaired by the next sync,
/// which sees the document as new again and re-runs the idempotent steps.
/// A poison document never blocks its source: one that breaks <see cref="AdvisoryLimits"/> or the store's own limits
/// is rejected before anything is written, and any other failure that is not a storage outage quarantines it (reason,
/// source, reference, hash in the Rejections table) and answers <see cref="AdvisoryStoreOutcome.Rejected"/>, so the
/// source's cursor moves on. A storage outage still throws: the document is retried on the next run.
/// </summary>
public sealed partial class AdvisoryIngestor(
    IAdvisoryStore advisories,
    IAdvisoryArchive archive,
    IRejectionLog rejections,
    AdvisoryMatchingService matching,
    IDeviceBackfillQueue backfill,
    IStorageFaults faults,
    ILogger<AdvisoryIngestor> logger) : IBatchingAdvisorySink
{
    /// <summary>A sync's sink: its documents are matched against one snapshot of the registry (see <see cref="AdvisoryMatchingService.BeginBatch"/>).</summary>
    public IAdvisoryBatch BeginBatch() => new Batch(this, matching.BeginBatch(backfill));

    public Task<AdvisoryStoreOutcome> StoreAsync(Advisory advisory, ReadOnlyMemory<byte> rawDocument, string sourceName, CancellationToken cancellationToken) =>
        StoreAsync(advisory, rawDocument, sourceName, null, cancellationToken);

    public Task<AdvisoryStoreOutcome> StoreAsync(
        Advisory advisory, ReadOnlyMemory<byte> rawDocument, string sourceName, string? documentReference, CancellationToken cancellationToken) =>
        StoreAsync(advisory, rawDocument, sourceName, documentReference, batch: null, cancellationToken);

    private async Task<AdvisoryStoreOutcome> StoreAsync(
        Advisory advisory, ReadOnlyMemory<byte> rawDocument, string sourceName, string? documentReference, MatchingBatch? batch, CancellationToken cancellationToken)
    {
        var reference = documentReference ?? advisory.WebUrl ?? advisory.Id;
        if ((AdvisoryLimits.Problem(advisory) ?? advisories.StorageProblem(advisory)) is { } problem)
        {
            await RecordRejectionAsync(sourceName, reference, problem, advisory.ContentHash, cancellationToken);
            return AdvisoryStoreOutcome.Rejected;
        }

        try
        {
            return await StoreCheckedAsync(advisory, rawDocument, sourceName, batch, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !faults.IsTransient(ex))
        {
            LogQuarantined(ex, sourceName, reference);
            await RecordRejectionAsync(sourceName, reference, $"quarantined: storing it failed ({ex.GetType().Name})", advisory.ContentHash, cancellationToken);
            return AdvisoryStoreOutcome.Rejected;
        }
    }

    private async Task<AdvisoryStoreOutcome> StoreCheckedAsync(Advisory advisory, ReadOnlyMemory<byte> rawDocument, string sourceName, MatchingBatch? batch, CancellationToken cancellationToken)
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
        var summary = batch is null ? await matching.MatchAdvisoryAsync(advisory, cancellationToken) : await batch.MatchAdvisoryAsync(advisory, cancellationToken);
        await advisories.SaveAsync(advisory, sourceName, cancellationToken);

        var outcome = existing is null ? AdvisoryStoreOutcome.Created : AdvisoryStoreOutcome.Revised;
        LogAdvisoryStored(advisory.Id, advisory.Revision, outcome, sourceName, summary.Flagged, summary.Notifications);
        return outcome;
    }

    public Task RecordRejectionAsync(string sourceName, string documentReference, string reason, CancellationToken cancellationToken) =>
        RecordRejectionAsync(sourceName, documentReference, reason, null, cancellationToken);

    public async Task RecordRejectionAsync(string sourceName, string documentReference, string reason, string? contentHash, CancellationToken cancellationToken)
    {
        LogDocumentRejected(sourceName, documentReference, reason);
        await rejections.RecordAsync(new RejectionRecord(sourceName, documentReference, reason, contentHash, default), cancellationToken);
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

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error,
        Message = "Source {Source}: storing {Document} failed; the document is quarantined and the source moves on")]
    private partial void LogQuarantined(Exception exception, string source, string document);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Source {Source} rejected document {Document}: {Reason}")]
    private partial void LogDocumentRejected(string source, string document, string reason);

    /// <summary>The sink of one batch: stores through the ingestor with the batch's registry snapshot.</summary>
    private sealed class Batch(AdvisoryIngestor ingestor, MatchingBatch matching) : IAdvisoryBatch
    {
        public Task<AdvisoryStoreOutcome> StoreAsync(Advisory advisory, ReadOnlyMemory<byte> rawDocument, string sourceName, CancellationToken cancellationToken) =>
            ingestor.StoreAsync(advisory, rawDocument, sourceName, null, matching, cancellationToken);

        public Task<AdvisoryStoreOutcome> StoreAsync(Advisory advisory, ReadOnlyMemory<byte> rawDocument, string sourceName, string? documentReference, CancellationToken cancellationToken) =>
            ingestor.StoreAsync(advisory, rawDocument, sourceName, documentReference, matching, cancellationToken);

        public Task RecordRejectionAsync(string sourceName, string documentReference, string reason, CancellationToken cancellationToken) =>
            ingestor.RecordRejectionAsync(sourceName, documentReference, reason, cancellationToken);

        public Task RecordRejectionAsync(string sourceName, string documentReference, string reason, string? contentHash, CancellationToken cancellationToken) =>
            ingestor.RecordRejectionAsync(sourceName, documentReference, reason, contentHash, cancellationToken);

        public ValueTask DisposeAsync() => matching.DisposeAsync();
    }
}
