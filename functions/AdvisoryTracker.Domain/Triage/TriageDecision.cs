namespace AdvisoryTracker.Domain.Triage;

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
