using System.Security.Cryptography;
using System.Text;

namespace AdvisoryTracker.Domain.Csaf.Distribution;

/// <summary>
/// Reads a CSAF hash file (<c>&lt;hex&gt;  &lt;file name&gt;</c>, the file name optional, a trailing newline optional, as
/// <c>sha512sum</c> writes it and as CISA publishes it without a newline) and checks document bytes against it.
/// </summary>
public static class CsafHashFile
{
    public static CsafHashAlgorithm? AlgorithmFromUrl(string url) =>
        url.TrimEnd().EndsWith(".sha512", StringComparison.OrdinalIgnoreCase) ? CsafHashAlgorithm.Sha512
        : url.TrimEnd().EndsWith(".sha256", StringComparison.OrdinalIgnoreCase) ? CsafHashAlgorithm.Sha256
        : null;

    /// <summary>Null when <paramref name="document"/> matches the hash file, else why it does not.</summary>
    public static string? Check(ReadOnlySpan<byte> document, ReadOnlySpan<byte> hashFile, CsafHashAlgorithm algorithm)
    {
        var expectedLength = algorithm == CsafHashAlgorithm.Sha512 ? 128 : 64;
        var text = Encoding.ASCII.GetString(hashFile.Length > 4096 ? hashFile[..4096] : hashFile).Trim();
        var end = 0;
        while (end < text.Length && Uri.IsHexDigit(text[end]))
        {
            end++;
        }

        if (end != expectedLength)
        {
            return $"{Name(algorithm)} file does not start with a {expectedLength}-digit hex hash";
        }

        var actual = algorithm == CsafHashAlgorithm.Sha512 ? SHA512.HashData(document) : SHA256.HashData(document);
        var expected = Convert.FromHexString(text.AsSpan(0, end));
        return CryptographicOperations.FixedTimeEquals(actual, expected)
            ? null
            : $"{Name(algorithm)} mismatch: the document hashes to {Convert.ToHexStringLower(actual)[..16]}…, the provider's hash file says {text[..16].ToLowerInvariant()}…";
    }

    private static string Name(CsafHashAlgorithm algorithm) => algorithm == CsafHashAlgorithm.Sha512 ? "SHA-512" : "SHA-256";
}
