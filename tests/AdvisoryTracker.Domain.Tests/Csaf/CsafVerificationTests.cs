using System.Text;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Csaf.Distribution;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace AdvisoryTracker.Domain.Tests.Csaf;

public sealed class CsafVerificationTests
{
    private static readonly CsafSignatureVerifier CisaVerifier = CsafSignatureVerifier.FromArmoredKeys([CsafFixtures.CisaKey], "cisa");

    [Fact]
    public void Verify_AllRealCisaSignatures_AreValidAndMadeByCisasKey()
    {
        var signed = CsafFixtures.SignedDocuments().ToList();
        Assert.Equal(144, signed.Count);
        Assert.Equal(["144AED0A57BE7D4AE835D9D8CAC5AC4F74164B17"], CisaVerifier.Fingerprints);
        foreach (var (document, _, signature) in signed)
        {
            var check = CisaVerifier.Verify(File.ReadAllBytes(document), File.ReadAllBytes(signature));
            Assert.True(check.IsValid, $"{Path.GetFileName(document)}: {check.FailureReason}");
            Assert.Equal("CAC5AC4F74164B17", check.SignerKeyId);
        }
    }

    [Fact]
    public void CheckHash_AllRealSha512Files_Match()
    {
        foreach (var (document, hash, _) in CsafFixtures.SignedDocuments())
        {
            Assert.Null(CsafHashFile.Check(File.ReadAllBytes(document), File.ReadAllBytes(hash), CsafHashAlgorithm.Sha512));
        }
    }

    [Fact]
    public void Verify_OneChangedByte_Fails()
    {
        var (document, hash, signature) = CsafFixtures.SignedDocuments().First();
        var bytes = File.ReadAllBytes(document);
        bytes[bytes.Length / 2] ^= 0x01;

        var check = CisaVerifier.Verify(bytes, File.ReadAllBytes(signature));
        Assert.False(check.IsValid);
        Assert.Contains("does not match the document", check.FailureReason, StringComparison.Ordinal);
        Assert.StartsWith("SHA-512 mismatch", CsafHashFile.Check(bytes, File.ReadAllBytes(hash), CsafHashAlgorithm.Sha512), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RealSignatureWithOnlyAnotherKeyConfigured_NamesTheUnconfiguredKey()
    {
        var (otherPublicKey, _) = GenerateKey();
        var verifier = CsafSignatureVerifier.FromArmoredKeys([otherPublicKey], "vendor-x");
        var (document, _, signature) = CsafFixtures.SignedDocuments().First();

        var check = verifier.Verify(File.ReadAllBytes(document), File.ReadAllBytes(signature));
        Assert.False(check.IsValid);
        Assert.Equal("signed by key 0xCAC5AC4F74164B17 which is not configured for source vendor-x", check.FailureReason);
    }

    [Fact]
    public void Verify_SignatureByAForeignKey_IsReportedAsNotConfigured()
    {
        var (_, secretKey) = GenerateKey();
        var (document, _, _) = CsafFixtures.SignedDocuments().First();
        var bytes = File.ReadAllBytes(document);

        var check = CisaVerifier.Verify(bytes, Sign(secretKey, bytes));
        Assert.False(check.IsValid);
        Assert.Matches("^signed by key 0x[0-9A-F]{16} which is not configured for source cisa$", check.FailureReason);
    }

    [Fact]
    public void Verify_GarbageSignatureFile_FailsWithReason()
    {
        var check = CisaVerifier.Verify("{}"u8, "<html>Access Denied</html>"u8);
        Assert.False(check.IsValid);
        Assert.StartsWith("the signature file is not an OpenPGP signature", check.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromArmoredKeys_HtmlInsteadOfAKey_ThrowsNamingTheSource()
    {
        var ex = Assert.Throws<ArgumentException>(() => CsafSignatureVerifier.FromArmoredKeys(["<html>Access Denied</html>"], "cisa"));
        Assert.Contains("source 'cisa'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a hash", "SHA-512 file does not start with a 128-digit hex hash")]
    [InlineData("", "SHA-512 file does not start with a 128-digit hex hash")]
    public void CheckHash_MalformedHashFile_Fails(string content, string reason) =>
        Assert.Equal(reason, CsafHashFile.Check("{}"u8, Encoding.ASCII.GetBytes(content), CsafHashAlgorithm.Sha512));

    [Fact]
    public void CheckHash_Sha256WithFileNameAndNewline_Matches()
    {
        var bytes = CsafFixtures.Document("icsma-25-336-01.json");
        var file = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) + "  icsma-25-336-01.json\n";
        Assert.Null(CsafHashFile.Check(bytes, Encoding.ASCII.GetBytes(file), CsafHashAlgorithm.Sha256));
    }

    [Fact]
    public void Gate_RequiredSignatureMissing_RejectsAndParsesNothing()
    {
        var gate = new CsafDocumentGate(new CsafReader(), new CsafDocumentPolicy { SourceName = "cisa", RequireSignatures = true, Verifier = CisaVerifier });
        var result = gate.Check(CsafFixtures.Document("icsma-25-336-01.json"), null, null);
        Assert.Equal(CsafGateOutcome.Rejected, result.Outcome);
        Assert.Null(result.Advisory);
        Assert.Contains("requires one", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_RealSignedDocument_IsAcceptedAndFilteredByVendor()
    {
        var (document, hash, signature) = CsafFixtures.SignedDocuments().First(d => d.Document.Contains("icsa-17-045-02", StringComparison.Ordinal));
        var bytes = File.ReadAllBytes(document);
        var published = new PublishedHash(CsafHashAlgorithm.Sha512, File.ReadAllBytes(hash));
        var wantsGeutebrueck = new CsafDocumentGate(new CsafReader(), new CsafDocumentPolicy { SourceName = "cisa", RequireSignatures = true, Verifier = CisaVerifier, Vendors = ["geutebrück"] });
        var wantsPhilips = new CsafDocumentGate(new CsafReader(), new CsafDocumentPolicy { SourceName = "cisa", Verifier = CisaVerifier, Vendors = ["Philips"] });
        var wantsIcsma = new CsafDocumentGate(new CsafReader(), new CsafDocumentPolicy { SourceName = "cisa", DocumentIdPrefixes = ["ICSMA-"] });

        Assert.Equal(CsafGateOutcome.Accepted, wantsGeutebrueck.Check(bytes, published, File.ReadAllBytes(signature)).Outcome);
        Assert.Equal(CsafGateOutcome.FilteredOut, wantsPhilips.Check(bytes, published, File.ReadAllBytes(signature)).Outcome);
        Assert.Equal(CsafGateOutcome.FilteredOut, wantsIcsma.Check(bytes, published, null).Outcome);
    }

    private static (string PublicKey, PgpSecretKey SecretKey) GenerateKey()
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), new SecureRandom(), 2048, 12));
        var pair = new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, generator.GenerateKeyPair(), DateTime.UtcNow);
        var secret = new PgpSecretKey(PgpSignature.DefaultCertification, pair, "Test Key <test@example.org>", SymmetricKeyAlgorithmTag.Aes256, Array.Empty<char>(), false, null, null, new SecureRandom());
        using var output = new MemoryStream();
        using (var armored = new ArmoredOutputStream(output))
        {
            secret.PublicKey.Encode(armored);
        }

        return (Encoding.ASCII.GetString(output.ToArray()), secret);
    }

    private static byte[] Sign(PgpSecretKey secretKey, byte[] data)
    {
        var generator = new PgpSignatureGenerator(secretKey.PublicKey.Algorithm, HashAlgorithmTag.Sha256);
        generator.InitSign(PgpSignature.BinaryDocument, secretKey.ExtractPrivateKey(Array.Empty<char>()));
        generator.Update(data);
        using var output = new MemoryStream();
        using (var armored = new ArmoredOutputStream(output))
        {
            generator.Generate().Encode(armored);
        }

        return output.ToArray();
    }
}
