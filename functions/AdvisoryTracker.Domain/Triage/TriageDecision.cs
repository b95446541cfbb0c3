using System.Security.Cryptography;
using System.Text;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Triage;

/// <summary>A reviewer's verdict on a <c>possibly_affected</c> match.</summary>
public enum TriageVerdict
{
    /// <summary>The device is affected: the match was right.</summary>
    Confirmed,
    /// <summary>The device is not affected: the match was wrong.</summary>
    Dismissed,
}

public static class TriageVerdictNames
{
    public static string ToName(this TriageVerdict verdict) => verdict == TriageVerdict.Confirmed ? "confirmed" : "dismissed";

    /// <summary>"confirm"/"confirmed" or "dismiss"/"dismissed".</summary>
    public static bool TryParse(string? text, out TriageVerdict verdict)
    {
        verdict = text switch
        {
            "confirm" or "confirmed" => TriageVerdict.Confirmed,
            "dismiss" or "dismissed" => TriageVerdict.Dismissed,
            _ => (TriageVerdict)(-1),
        };
        return Enum.IsDefined(verdict);
    }
}

/// <summary>
/// A reviewer's decision on one (device, advisory) pair: who, when, why, and the fingerprint of the evidence it was
/// made on. It is keyed by device and advisory (not revision), so it carries over to later revisions of the advisory
/// as long as <see cref="EvidenceFingerprint"/> still equals the current match's (<see cref="TriageEvidence"/>).
/// </summary>
public sealed record TriageDecision(
    string DeviceId,
    string AdvisoryId,
    TriageVerdict Verdict,
    string By,
    DateTimeOffset At,
    string Reason,
    string EvidenceFingerprint,
    string Revision)
{
    /// <summary>On a confirmation: the advisory's vendor name the catalogue did not know for the device's manufacturer.</summary>
    public string? SuggestedAlias { get; init; }
    /// <summary>The canonical vendor id the suggested alias should name.</summary>
    public string? SuggestedVendorId { get; init; }
}

/// <summary>Stored triage decisions.</summary>
public interface ITriageStore
{
    Task<TriageDecision?> GetAsync(string deviceId, string advisoryId, CancellationToken cancellationToken);

    /// <summary>Saves (replaces) the decision for the pair.</summary>
    Task SaveAsync(TriageDecision decision, CancellationToken cancellationToken);

    IAsyncEnumerable<TriageDecision> ListAllAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The fingerprint of the evidence a match stands on for one device: its status, which advisory products and version
/// ranges matched (the hash inside <see cref="MatchFingerprint"/>) and the vendor/product/version rules of its
/// explanation. Remediation changes do not change it (a new patch does not reopen a triage decision).
/// </summary>
public static class TriageEvidence
{
    public static string Fingerprint(StoredMatch match)
    {
        var parsed = MatchFingerprint.Parse(match.Fingerprint);
        var explanation = match.Explanation;
        var triage = explanation.IndexOf(TriageCarryOver.Marker, StringComparison.Ordinal);
        explanation = triage >= 0 ? explanation[..triage] : explanation;
        var remediation = explanation.IndexOf("; remediation:", StringComparison.Ordinal);
        var rules = remediation >= 0 ? explanation[..remediation] : explanation;
        var text = $"{match.Status.ToName()}\n{parsed?.RangesHash ?? match.Fingerprint}\n{rules}";
        return "e1:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }

    /// <summary>Whether a stored decision still applies to the current match (same evidence).</summary>
    public static bool StillApplies(TriageDecision decision, StoredMatch current) =>
        string.Equals(decision.EvidenceFingerprint, Fingerprint(current), StringComparison.Ordinal);
}
