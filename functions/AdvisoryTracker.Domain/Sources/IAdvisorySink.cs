using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Sources;

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
