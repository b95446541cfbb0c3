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
