using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Vendors;

namespace AdvisoryTracker.Domain.Versions;

/// <summary>
/// Reads the fixed versions a vendor_fix remediation names ("update to 2.0.3 or later", "fixed in 8.5 GMA 3",
/// "firmware 02F.6"). Versions named as affected bounds ("versions prior to 3.2", "3.1 and earlier"), versions of the
/// users' current installation ("available to users using Version 8.0, 8.1") and protocol or platform versions
/// ("TLS 1.2", "Windows 10") are skipped.
/// </summary>
public static partial class FixedVersionExtractor
{
    public static IReadOnlyList<VersionValue> Extract(string? details) => [.. ExtractWithSentences(details).Select(f => f.Version)];

    /// <summary>The fixed versions with the (folded) sentence each was read from, so the caller can tell which product it concerns.</summary>
    public static IReadOnlyList<FixedVersion> ExtractWithSentences(string? details)
    {
        if (string.IsNullOrWhiteSpace(details))
        {
            return [];
        }

        var text = TextNormaliser.Fold(details);
        var found = new List<FixedVersion>();
        foreach (var sentence in SentenceEnd().Split(text))
        {
            if (!FixWords().IsMatch(sentence))
            {
                continue;
            }

            foreach (Match m in Candidate().Matches(sentence))
            {
                var group = m.Groups["v1"].Success ? m.Groups["v1"] : m.Groups["v2"];
                var before = sentence[Math.Max(0, group.Index - 28)..group.Index];
                var afterStart = group.Index + group.Length;
                var after = sentence[afterStart..Math.Min(sentence.Length, afterStart + 28)];
                if (AffectedBefore().IsMatch(before) || AffectedAfter().IsMatch(after) || PlatformBefore().IsMatch(sentence[..m.Index])
                    || CurrentInstallation().IsMatch(sentence[..group.Index]))
                {
                    continue;
                }

                if (VersionValue.Parse(group.Value.TrimEnd('.', ',', '-', '_')) is { LooksLikeVersion: true } value && !value.IsDate)
                {
                    found.Add(new FixedVersion(value, sentence));
                }
            }
        }

        return found;
    }

    [GeneratedRegex(@"(?<=[a-z0-9)])[.;:]\s+|\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\b(update|updates|updated|updating|upgrade|upgraded|upgrading|fix|fixed|fixes|patch|patched|resolve|resolved|resolves|remediate|remediated|address|addressed|addresses|released|install|latest|migrate|available)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FixWords();

    [GeneratedRegex(@"(?:\b(?:version|versions|release|firmware|software|build|v)\s*(?<v1>[a-z]?\d+[a-z0-9.\-_]*(?:\s+(?:gma|sp|service pack|build|update|patch|hotfix)\s*\d+)?)|(?<v2>\b[a-z]?\d+(?:\.[a-z0-9]+)+(?:[\s_\-]?(?:gma|sp|service pack|build|update|patch|hotfix)[\s_\-]?\d+)?))", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    /// <summary>A protocol, operating system or runtime version right before the number (TLS 1.2, Windows 10, SMBv1).</summary>
    [GeneratedRegex(@"\b(tls|ssl|smb|snmp|http|https|bluetooth|ble|wpa|wpa2|ipv|windows|win|java|jre|net|openssl|tcp|usb|android|ios|linux|kernel|dicom|hl7)\s*v?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformBefore();

    /// <summary>"available to users using / running / on ...": the versions that follow are what users have now, not the fix.</summary>
    [GeneratedRegex(@"\b(users?|customers?|sites?|those)\s+(using|running|on|of)\b(?!.*\b(update|upgrade|install|migrate)\s+to\b)", RegexOptions.CultureInvariant)]
    private static partial Regex CurrentInstallation();

    [GeneratedRegex(@"(prior to|before|earlier than|older than|up to|through|below|from|between|affected|vulnerable|running)\s*(versions?|v|release|firmware|software)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex AffectedBefore();

    [GeneratedRegex(@"^\s*(and|or|,)?\s*(prior|earlier|below|older|lower|before|previous|through|to\s+[a-z]?\d|-\s*\d|are affected|is affected|affected)", RegexOptions.CultureInvariant)]
    private static partial Regex AffectedAfter();
}
