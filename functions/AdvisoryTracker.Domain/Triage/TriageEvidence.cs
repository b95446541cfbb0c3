using System.Security.Cryptography;
using System.Text;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Triage;

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
