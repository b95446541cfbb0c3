using Org.BouncyCastle.Bcpg.OpenPgp;

namespace AdvisoryTracker.Domain.Csaf.Distribution;

/// <summary>The outcome of checking one detached OpenPGP signature.</summary>
public sealed record SignatureCheck(bool IsValid, string? FailureReason, string? SignerKeyId)
{
    public static SignatureCheck Valid(string keyId) => new(true, null, keyId);
    public static SignatureCheck Invalid(string reason, string? keyId = null) => new(false, reason, keyId);
}
