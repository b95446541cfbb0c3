namespace AdvisoryTracker.Domain.Ingestion;

/// <summary>Records documents a source deliberately did not ingest (or quarantined), with the reason, and lists them.</summary>
public interface IRejectionLog
{
    Task RecordAsync(string sourceName, string documentReference, string reason, CancellationToken cancellationToken) =>
        RecordAsync(new RejectionRecord(sourceName, documentReference, reason, null, default), cancellationToken);

    /// <summary>Records one rejection (its time is set by the log).</summary>
    Task RecordAsync(RejectionRecord rejection, CancellationToken cancellationToken);

    /// <summary>A source's rejections, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<RejectionRecord>> ListAsync(string sourceName, int max, CancellationToken cancellationToken);
}

/// <summary>One refused or quarantined document: which source, where it came from, why, the SHA-256 of its bytes when known.</summary>
public sealed record RejectionRecord(string SourceName, string DocumentReference, string Reason, string? ContentHash, DateTimeOffset RejectedAt);

/// <summary>
/// Tells a storage outage (retry later: the document is fine) from a failure caused by the document itself (quarantine
/// it). Implemented by the storage adapter, which knows its SDK's exceptions.
/// </summary>
public interface IStorageFaults
{
    /// <summary>True when <paramref name="exception"/> means storage is unreachable, throttling or timing out.</summary>
    bool IsTransient(Exception exception);
}
