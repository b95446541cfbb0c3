using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Sources;

/// <summary>
/// One place advisories come from (CISA CSAF, a vendor CSAF provider, an FDA feed, a vendor bulletin page, a folder).
/// A sync reads what is new since <see cref="SourceState"/> and hands each document to the <see cref="IAdvisorySink"/>.
/// It moves the state's cursor only past documents that were stored or deliberately rejected, so a crash or an outage
/// never skips one; it throws on a source-wide failure (timeout, 5xx, garbage listing), which the runner records.
/// </summary>
public interface IAdvisorySource
{
    /// <summary>Stable, unique name; the key of the source's state.</summary>
    string Name { get; }

    Task SyncAsync(SourceState state, IAdvisorySink sink, CancellationToken cancellationToken);
}

/// <summary>Where sources deliver documents: stores, archives and matches them.</summary>
public interface IAdvisorySink
{
    /// <summary>
    /// Stores a new advisory or a new revision (idempotent: the same content again is <see cref="AdvisoryStoreOutcome.Unchanged"/>
    /// and writes nothing), archives the raw document and triggers matching against the registered devices.
    /// </summary>
    Task<AdvisoryStoreOutcome> StoreAsync(Advisory advisory, ReadOnlyMemory<byte> rawDocument, string sourceName, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="StoreAsync(Advisory, ReadOnlyMemory{byte}, string, CancellationToken)"/>, naming where the document came
    /// from (its URL or path), which a quarantine record then shows. A document that breaks a limit or cannot be stored is
    /// quarantined (<see cref="AdvisoryStoreOutcome.Rejected"/>) instead of failing the run.
    /// </summary>
    Task<AdvisoryStoreOutcome> StoreAsync(Advisory advisory, ReadOnlyMemory<byte> rawDocument, string sourceName, string? documentReference, CancellationToken cancellationToken) =>
        StoreAsync(advisory, rawDocument, sourceName, cancellationToken);

    /// <summary>Records a document that was deliberately not ingested (hash, signature, size or schema failure) with its reason.</summary>
    Task RecordRejectionAsync(string sourceName, string documentReference, string reason, CancellationToken cancellationToken);

    /// <summary>As <see cref="RecordRejectionAsync(string, string, string, CancellationToken)"/> with the SHA-256 (hex) of the refused bytes.</summary>
    Task RecordRejectionAsync(string sourceName, string documentReference, string reason, string? contentHash, CancellationToken cancellationToken) =>
        RecordRejectionAsync(sourceName, documentReference, reason, cancellationToken);
}

/// <summary>A sink that shares work across the documents of one sync run (e.g. one snapshot of the device registry).</summary>
public interface IBatchingAdvisorySink : IAdvisorySink
{
    /// <summary>
    /// Starts a batch: documents stored through the returned sink share its work; disposing it ends the batch (and
    /// finishes whatever the batch deferred). Documents stored through this sink itself are not part of the batch.
    /// </summary>
    IAdvisoryBatch BeginBatch();
}

/// <summary>The sink of one batch (see <see cref="IBatchingAdvisorySink.BeginBatch"/>).</summary>
public interface IAdvisoryBatch : IAdvisorySink, IAsyncDisposable;

public enum AdvisoryStoreOutcome
{
    Unchanged,
    Created,
    Revised,
    /// <summary>Not stored: the document broke a limit or could not be stored; it is quarantined with the reason (the cursor may move on).</summary>
    Rejected,
}

/// <summary>Per-source state: conditional-GET validators, the cursor and health counters.</summary>
public sealed class SourceState
{
    public required string SourceName { get; init; }
    public string? ETag { get; set; }
    public DateTimeOffset? LastModified { get; set; }
    /// <summary>Source-defined position (e.g. the newest feed <c>updated</c> timestamp fully processed).</summary>
    public string? Cursor { get; set; }
    public DateTimeOffset? LastAttempt { get; set; }
    public DateTimeOffset? LastSuccess { get; set; }
    public int ConsecutiveFailures { get; set; }
    public string? LastError { get; set; }
    public long DocumentsSeen { get; set; }
    public long DocumentsStored { get; set; }
    public long DocumentsRejected { get; set; }
    /// <summary>Small source-specific values (e.g. per-listing ETags); kept short, stored as JSON.</summary>
    public Dictionary<string, string> Extra { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>Reads and writes <see cref="SourceState"/>.</summary>
public interface ISourceStateStore
{
    /// <summary>The stored state, or a fresh one when the source never ran.</summary>
    Task<SourceState> GetAsync(string sourceName, CancellationToken cancellationToken);

    Task SaveAsync(SourceState state, CancellationToken cancellationToken);

    Task<IReadOnlyList<SourceState>> ListAsync(CancellationToken cancellationToken);
}
