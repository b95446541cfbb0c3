using System.Security.Cryptography;

namespace AdvisoryTracker.Domain.Csaf.Distribution;

/// <summary>The hash algorithms CSAF providers publish next to a document (<c>.sha256</c>, <c>.sha512</c>).</summary>
public enum CsafHashAlgorithm
{
    Sha256,
    Sha512,
}
