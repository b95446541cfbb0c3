namespace AdvisoryTracker.Domain.Ingestion;

/// <summary>
/// Tells a storage outage (retry later: the document is fine) from a failure caused by the document itself (quarantine
/// it). Implemented by the storage adapter, which knows its SDK's exceptions.
/// </summary>
public interface IStorageFaults
{
    /// <summary>True when <paramref name="exception"/> means storage is unreachable, throttling or timing out.</summary>
    bool IsTransient(Exception exception);
}
