using System.Globalization;
using System.Text;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace AdvisoryTracker.Domain.Csaf.Distribution;

/// <summary>
/// Verifies ASCII-armoured detached OpenPGP signatures (<c>&lt;doc&gt;.json.asc</c>) against the public keys configured
/// for one source (BouncyCastle). A signature by any other key fails and says which key made it, so an operator can
/// tell a forged document from a provider that rotated its key.
/// </summary>
public sealed class CsafSignatureVerifier
{
    private readonly List<PgpPublicKeyRing> _rings;
    private readonly string _sourceName;

    private CsafSignatureVerifier(List<PgpPublicKeyRing> rings, string sourceName)
    {
        _rings = rings;
        _sourceName = sourceName;
    }

    /// <summary>Fingerprints (upper-case hex) of the configured primary keys.</summary>
    public IReadOnlyList<string> Fingerprints =>
        _rings.Select(r => Convert.ToHexString(r.GetPublicKey().GetFingerprint())).ToList();

    public bool HasKeys => _rings.Count > 0;

    /// <summary>Reads ASCII-armoured (or binary) public key blocks; throws <see cref="ArgumentException"/> with a clear message on garbage.</summary>
    public static CsafSignatureVerifier FromArmoredKeys(IEnumerable<string> armoredKeys, string sourceName)
    {
        var rings = new List<PgpPublicKeyRing>();
        foreach (var armored in armoredKeys)
        {
            try
            {
                using var input = PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.ASCII.GetBytes(armored)));
                var bundle = new PgpPublicKeyRingBundle(input);
                var found = bundle.GetKeyRings().ToList();
                if (found.Count == 0)
                {
                    throw new PgpException("no OpenPGP public key in the configured text");
                }

                rings.AddRange(found);
            }
            catch (Exception ex) when (ex is PgpException or IOException or ArgumentException)
            {
                throw new ArgumentException($"source '{sourceName}': a configured OpenPGP public key cannot be read: {ex.Message}", nameof(armoredKeys), ex);
            }
        }

        return new CsafSignatureVerifier(rings, sourceName);
    }

    public SignatureCheck Verify(ReadOnlySpan<byte> document, ReadOnlySpan<byte> armoredSignature)
    {
        PgpSignature signature;
        try
        {
            signature = ReadSignature(armoredSignature.ToArray());
        }
        catch (Exception ex) when (ex is PgpException or IOException or InvalidOperationException or ArgumentException)
        {
            return SignatureCheck.Invalid($"the signature file is not an OpenPGP signature: {ex.Message}");
        }

        var keyId = signature.KeyId.ToString("X16", CultureInfo.InvariantCulture);
        var key = FindKey(signature.KeyId);
        if (key is null)
        {
            return SignatureCheck.Invalid($"signed by key 0x{keyId} which is not configured for source {_sourceName}", keyId);
        }

        if (key.HasRevocation())
        {
            return SignatureCheck.Invalid($"signed by key 0x{keyId} which is revoked", keyId);
        }

        var signedData = signature.SignatureType == PgpSignature.CanonicalTextDocument ? CanonicalText(document) : document.ToArray();
        bool? rsaValid;
        try
        {
            rsaValid = TryVerifyRsa(signature, key, signedData);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            return SignatureCheck.Invalid($"the OpenPGP signature by key 0x{keyId} cannot be checked: {ex.Message}", keyId);
        }

        if (rsaValid is not null)
        {
            return rsaValid.Value
                ? SignatureCheck.Valid(keyId)
                : SignatureCheck.Invalid($"the OpenPGP signature by key 0x{keyId} does not match the document (altered in transit or at rest)", keyId);
        }

        try
        {
            signature.InitVerify(key);
            signature.Update(signedData);
            return signature.Verify()
                ? SignatureCheck.Valid(keyId)
                : SignatureCheck.Invalid($"the OpenPGP signature by key 0x{keyId} does not match the document (altered in transit or at rest)", keyId);
        }
        catch (PgpException ex)
        {
            return SignatureCheck.Invalid($"the OpenPGP signature by key 0x{keyId} cannot be checked: {ex.Message}", keyId);
        }
    }

    /// <summary>
    /// RSA signatures (CISA's key is RSA 4096) are checked with .NET's RSA over the OpenPGP hashed data: BouncyCastle's
    /// <c>InitVerify</c> re-validates the 4096-bit modulus on every call (~120 ms), which would dominate a full sync.
    /// Null when the key or hash algorithm is not one this path handles (then BouncyCastle verifies).
    /// </summary>
    private static bool? TryVerifyRsa(PgpSignature signature, PgpPublicKey key, byte[] signedData)
    {
        if (key.PublicKeyPacket.Key is not Org.BouncyCastle.Bcpg.RsaPublicBcpgKey rsaKey ||
            signature.KeyAlgorithm is not (Org.BouncyCastle.Bcpg.PublicKeyAlgorithmTag.RsaGeneral or Org.BouncyCastle.Bcpg.PublicKeyAlgorithmTag.RsaSign))
        {
            return null;
        }

        System.Security.Cryptography.HashAlgorithmName? hashName = signature.HashAlgorithm switch
        {
            Org.BouncyCastle.Bcpg.HashAlgorithmTag.Sha256 => System.Security.Cryptography.HashAlgorithmName.SHA256,
            Org.BouncyCastle.Bcpg.HashAlgorithmTag.Sha384 => System.Security.Cryptography.HashAlgorithmName.SHA384,
            Org.BouncyCastle.Bcpg.HashAlgorithmTag.Sha512 => System.Security.Cryptography.HashAlgorithmName.SHA512,
            _ => null,
        };
        if (hashName is not { } hash)
        {
            return null;
        }

        var modulus = rsaKey.Modulus.ToByteArrayUnsigned();
        using var incremental = System.Security.Cryptography.IncrementalHash.CreateHash(hash);
        incremental.AppendData(signedData);
        incremental.AppendData(signature.GetSignatureTrailer());
        var digest = incremental.GetHashAndReset();

        var value = signature.GetSignature();
        if (value.Length > modulus.Length)
        {
            return false;
        }

        var padded = new byte[modulus.Length];
        value.CopyTo(padded, padded.Length - value.Length);
        using var rsa = System.Security.Cryptography.RSA.Create(new System.Security.Cryptography.RSAParameters
        {
            Modulus = modulus,
            Exponent = rsaKey.PublicExponent.ToByteArrayUnsigned(),
        });
        return rsa.VerifyHash(digest, padded, hash, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
    }

    private PgpPublicKey? FindKey(long keyId)
    {
        foreach (var ring in _rings)
        {
            if (ring.GetPublicKey(keyId) is { } key)
            {
                return key;
            }
        }

        return null;
    }

    private static PgpSignature ReadSignature(byte[] armored)
    {
        using var input = PgpUtilities.GetDecoderStream(new MemoryStream(armored));
        var factory = new PgpObjectFactory(input);
        for (var obj = factory.NextPgpObject(); obj is not null; obj = factory.NextPgpObject())
        {
            switch (obj)
            {
                case PgpSignatureList { Count: > 0 } list:
                    return list[0];
                case PgpCompressedData compressed:
                    factory = new PgpObjectFactory(compressed.GetDataStream());
                    break;
            }
        }

        throw new PgpException("no signature packet found");
    }

    /// <summary>Text-mode signatures are made over CR LF line endings with trailing whitespace kept (RFC 4880 5.2.1).</summary>
    private static byte[] CanonicalText(ReadOnlySpan<byte> document)
    {
        var output = new MemoryStream(document.Length + 1024);
        for (var i = 0; i < document.Length; i++)
        {
            var b = document[i];
            if (b == (byte)'\r' && i + 1 < document.Length && document[i + 1] == (byte)'\n')
            {
                continue;
            }

            if (b == (byte)'\n' || b == (byte)'\r')
            {
                output.WriteByte((byte)'\r');
                output.WriteByte((byte)'\n');
            }
            else
            {
                output.WriteByte(b);
            }
        }

        return output.ToArray();
    }
}
