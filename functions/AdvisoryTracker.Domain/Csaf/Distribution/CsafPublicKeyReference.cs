namespace AdvisoryTracker.Domain.Csaf.Distribution;

/// <summary>A key a provider publishes in <c>public_openpgp_keys</c>.</summary>
public sealed record CsafPublicKeyReference(string? Fingerprint, Uri Url);
