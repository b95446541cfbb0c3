using AdvisoryTracker.Domain.Csaf.Distribution;

namespace AdvisoryTracker.Domain.Csaf;

/// <summary>What a source demands of each document before it is ingested.</summary>
public sealed class CsafDocumentPolicy
{
    public required string SourceName { get; init; }

    /// <summary>Reject documents without a valid signature by a configured key.</summary>
    public bool RequireSignatures { get; init; }

    /// <summary>The source's configured keys; null or empty = signatures are not checked (unless required).</summary>
    public CsafSignatureVerifier? Verifier { get; init; }

    /// <summary>Only documents whose tracking id starts with one of these (case-insensitive); empty = all.</summary>
    public IReadOnlyList<string> DocumentIdPrefixes { get; init; } = [];

    /// <summary>Only documents naming one of these vendors (case-insensitive substring of a vendor branch); empty = all.</summary>
    public IReadOnlyList<string> Vendors { get; init; } = [];

    /// <summary>Whether a listing entry passes the id-prefix filter before anything is fetched.</summary>
    public bool WantsId(string? documentId) =>
        DocumentIdPrefixes.Count == 0 || documentId is null ||
        DocumentIdPrefixes.Any(p => documentId.Trim().StartsWith(p.Trim(), StringComparison.OrdinalIgnoreCase));
}
