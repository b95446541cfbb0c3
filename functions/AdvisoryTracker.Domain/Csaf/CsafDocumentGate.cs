using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf.Distribution;

namespace AdvisoryTracker.Domain.Csaf;

/// <summary>
/// Verifies, then parses, one fetched CSAF document (pure): the hash file first, then the OpenPGP signature, then
/// the size/depth/schema checks of <see cref="CsafReader"/>, then the source's filters. Nothing is parsed before it
/// is verified.
/// </summary>
public sealed class CsafDocumentGate(CsafReader reader, CsafDocumentPolicy policy)
{
    public CsafDocumentPolicy Policy => policy;

    public CsafGateResult Check(ReadOnlyMemory<byte> document, PublishedHash? hash, ReadOnlyMemory<byte>? signature)
    {
        if (hash is not null && CsafHashFile.Check(document.Span, hash.Content.Span, hash.Algorithm) is { } hashFailure)
        {
            return Rejected(hashFailure);
        }

        string? signer = null;
        var hasKeys = policy.Verifier is { HasKeys: true };
        if (signature is { } sig && hasKeys)
        {
            var check = policy.Verifier!.Verify(document.Span, sig.Span);
            if (!check.IsValid)
            {
                return Rejected(check.FailureReason!, check.SignerKeyId);
            }

            signer = check.SignerKeyId;
        }
        else if (policy.RequireSignatures)
        {
            return Rejected(signature is null
                ? "no OpenPGP signature (.asc) is published for the document and source " + policy.SourceName + " requires one"
                : "source " + policy.SourceName + " requires signatures but has no public key configured");
        }

        var read = reader.Read(document);
        if (!read.Succeeded)
        {
            return Rejected(read.RejectionReason!, signer);
        }

        var advisory = read.Advisory!;
        if (!policy.WantsId(advisory.Id))
        {
            return new CsafGateResult(CsafGateOutcome.FilteredOut, advisory, $"id {advisory.Id} is outside the configured prefixes", signer);
        }

        if (policy.Vendors.Count > 0 && !advisory.Products.Any(p => policy.Vendors.Any(v => p.VendorDisplayName.Contains(v.Trim(), StringComparison.OrdinalIgnoreCase))))
        {
            return new CsafGateResult(CsafGateOutcome.FilteredOut, advisory, $"no configured vendor in {advisory.Id}", signer);
        }

        return new CsafGateResult(CsafGateOutcome.Accepted, advisory, null, signer);
    }

    private static CsafGateResult Rejected(string reason, string? signer = null) => new(CsafGateOutcome.Rejected, null, reason, signer);
}
