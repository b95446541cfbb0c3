using System.Globalization;
using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>What an email is about; each has its own subject line and only the fields that apply to it.</summary>
public enum EmailKind
{
    SecurityAdvisory,
    Recall,
    SafetyCommunication,
    PatchAvailable,
    NowExploited,
}

/// <summary>The first thing to do, and whether it is an update with a version.</summary>
public sealed record FixAdvice(string Headline, string? Version, bool HasVendorFix);

/// <summary>
/// Plain words for clinicians, derived from the advisory and the device (no vendor or product is named in a rule here):
/// the email kind, severity, what is wrong, the first thing to do and why a device is in the email.
/// </summary>
public static partial class EmailWording
{
    private const int MaxWhatIsWrong = 320;

    public static EmailKind KindOf(Advisory advisory, NotificationKind kind) => KindOf(advisory.Kind, kind);

    public static EmailKind KindOf(AdvisoryKind advisoryKind, NotificationKind kind) => kind switch
    {
        NotificationKind.PatchAvailable => EmailKind.PatchAvailable,
        NotificationKind.KnownExploited => EmailKind.NowExploited,
        _ => advisoryKind switch
        {
            AdvisoryKind.Recall => EmailKind.Recall,
            AdvisoryKind.SafetyCommunication => EmailKind.SafetyCommunication,
            _ => EmailKind.SecurityAdvisory,
        },
    };

    public static string ToName(this EmailKind kind) => kind switch
    {
        EmailKind.SecurityAdvisory => "security-advisory",
        EmailKind.Recall => "recall",
        EmailKind.SafetyCommunication => "safety-communication",
        EmailKind.PatchAvailable => "patch-available",
        EmailKind.NowExploited => "now-exploited",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>True for kinds about software vulnerabilities, where "exploited in the wild" and CVEs mean something.</summary>
    public static bool IsAboutVulnerabilities(Advisory advisory) => advisory.Kind is AdvisoryKind.Csaf or AdvisoryKind.Bulletin;

    /// <summary>
    /// The severity word for the subject ("HIGH"): the highest CVSS severity, else the source's own severity word, else
    /// the FDA recall class (Class I critical, II medium, III low); null when none is known.
    /// </summary>
    public static string? SeverityWord(Advisory advisory)
    {
        // The one severity the filters, thresholds and escalation use; the recall class covers advisories stored before
        // their source recorded a severity.
        if (SeverityLevels.Label(advisory) is { } label)
        {
            return label;
        }

        return Fda.OpenFdaReader.SeverityOf(advisory.RecallClass)?.ToUpperInvariant();
    }

    /// <summary>The severity with where it comes from: "HIGH (CVSS 8.4)", "MEDIUM (FDA Class II recall)", "not scored".</summary>
    public static string SeverityDetail(Advisory advisory)
    {
        var word = SeverityWord(advisory);
        if (word is null)
        {
            return "not scored";
        }

        if (advisory.HighestCvss is { } cvss)
        {
            return $"{word} (CVSS {cvss.BaseScore.ToString("0.0", CultureInfo.InvariantCulture)})";
        }

        return advisory.RecallClass is { Length: > 0 } recallClass ? $"{word} (FDA {recallClass.Trim()} recall)" : word;
    }

    /// <summary>"Mirion Medical EC2 Software NMIS BioDose" (the manufacturer once, even when the model repeats it).</summary>
    public static string DeviceName(Device device)
    {
        var manufacturer = device.Manufacturer.Trim();
        var model = device.Model.Trim();
        return model.StartsWith(manufacturer, StringComparison.OrdinalIgnoreCase) ? model : $"{manufacturer} {model}";
    }

    /// <summary>The recipient's matched models for the subject: one name, or "name and N other models".</summary>
    public static string DevicesLabel(IReadOnlyList<Device> devices)
    {
        var names = devices.Select(DeviceName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return names.Count switch
        {
            0 => "Your devices",
            1 => names[0],
            2 => $"{names[0]} and 1 other model",
            _ => $"{names[0]} and {names.Count - 1} other models",
        };
    }

    /// <summary>What is wrong, in the advisory's own plain words: the first sentences of its summary (or of a vulnerability's).</summary>
    public static string WhatIsWrong(Advisory advisory)
    {
        var text = new[] { advisory.Summary }.Concat(advisory.Vulnerabilities.Select(v => v.Summary))
            .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        if (text is null)
        {
            return advisory.Title.Trim();
        }

        text = Whitespace().Replace(text, " ").Trim();
        var sentences = SentenceEnd().Split(text);
        var result = "";
        foreach (var sentence in sentences)
        {
            var next = result.Length == 0 ? sentence : $"{result} {sentence}";
            if (next.Length > MaxWhatIsWrong && result.Length > 0)
            {
                break;
            }

            result = next;
            if (result.Length >= MaxWhatIsWrong / 2)
            {
                break;
            }
        }

        return result.Length <= MaxWhatIsWrong ? result : result[..(MaxWhatIsWrong - 1)].TrimEnd() + "…";
    }

    /// <summary>
    /// The first thing to do, following the remediation text whatever its category: when any remediation says to
    /// update or upgrade to a version, say so with the version; a vendor fix without a version says apply it; only
    /// mitigations say that no fix is listed yet.
    /// </summary>
    public static FixAdvice Fix(Advisory advisory)
    {
        var remediations = advisory.Vulnerabilities.SelectMany(v => v.Remediations).ToList();
        var hasVendorFix = remediations.Any(r => r.Category == RemediationCategory.VendorFix);
        foreach (var remediation in remediations.OrderBy(r => r.Category == RemediationCategory.VendorFix ? 0 : 1))
        {
            var match = TryMatch(UpdateToVersion(), remediation.Details);
            if (match is { Success: true })
            {
                var version = match.Groups["version"].Value.TrimEnd('.');
                var shown = version.StartsWith('v') || version.StartsWith('V') ? version : $"version {version}";
                var orLater = match.Groups["later"].Success ? " or later" : "";
                return new FixAdvice($"Update to {shown}{orLater}.", version, true);
            }
        }

        if (hasVendorFix)
        {
            return new FixAdvice("Apply the vendor's fix described below.", null, true);
        }

        if (remediations.Any(r => TryMatch(UpdateWord(), r.Details) is { Success: true }))
        {
            return new FixAdvice("The vendor provides updates: follow the steps below.", null, true);
        }

        return remediations.Any(r => r.Category is RemediationCategory.Mitigation or RemediationCategory.Workaround)
            ? new FixAdvice("No vendor fix is listed yet: apply the mitigations below.", null, false)
            : new FixAdvice("No fix or mitigation is listed yet: ask the vendor, and keep the device off untrusted networks.", null, false);
    }

    /// <summary>Why this device is in the email, in one plain sentence (the matcher's technical detail goes at the end of the email).</summary>
    public static string WhyThisDevice(Device device, MatchStatus? status, Advisory advisory)
    {
        var name = DeviceName(device);
        var version = string.IsNullOrWhiteSpace(device.Version) ? null : device.Version.Trim();
        var publication = advisory.Kind switch
        {
            AdvisoryKind.Recall => "The FDA recall",
            AdvisoryKind.SafetyCommunication => "The FDA safety communication",
            _ => "The advisory",
        };
        return (status, version) switch
        {
            (MatchStatus.PossiblyAffected, null) => $"{publication} names {name}, and no version is registered for your device: check which version it runs.",
            (MatchStatus.PossiblyAffected, _) => $"{publication} names {name} but could not tell whether version {version} is affected: check with the vendor.",
            (_, null) => $"{publication} lists {name} as affected.",
            _ => $"{publication} lists {name} version {version}, the version registered for your device, as affected.",
        };
    }

    /// <summary>"You prescribe this model to 14 patients." for a prescriber; "Prescribed to 14 patients." for others; null without a count.</summary>
    public static string? Patients(Device device, string recipient)
    {
        if (device.PatientCount is not { } count)
        {
            return null;
        }

        var patients = count == 1 ? "1 patient" : $"{count.ToString(CultureInfo.InvariantCulture)} patients";
        return device.Prescribers.Contains(recipient, StringComparer.OrdinalIgnoreCase)
            ? $"You prescribe this model to {patients}."
            : $"Prescribed to {patients}.";
    }

    /// <summary>A match, or null when the regex timed out (advisory text is untrusted: a slow match is no match).</summary>
    private static Match? TryMatch(Regex regex, string text)
    {
        try
        {
            return regex.Match(text.Length <= 4000 ? text : text[..4000]);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\b(?:update|upgrade|updating|upgrading|install|migrate)\b[^.;:]{0,60}?\b(?:to|with)\b[^;:]{0,40}?(?<![\w.])(?<version>[vV]?\d+(?:\.\d+)+[A-Za-z0-9\-]*|[vV]\d+)(?<later>\s+(?:or|and)\s+(?:later|newer|above|higher))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex UpdateToVersion();

    [GeneratedRegex(@"\b(?:update|upgrade)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex UpdateWord();
}
