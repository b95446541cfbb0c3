using AdvisoryTracker.Domain.Csaf.Distribution;

namespace AdvisoryTracker.Domain.Csaf;

/// <summary>The hash file a provider published for a document.</summary>
public sealed record PublishedHash(CsafHashAlgorithm Algorithm, ReadOnlyMemory<byte> Content);
