namespace AdvisoryTracker.Domain.Matching;

/// <summary>The verdict for one (advisory, device) pair whose vendor and product matched.</summary>
public sealed record DeviceMatch(
    string AdvisoryId,
    string DeviceId,
    MatchStatus Status,
    double Confidence,
    MatchExplanation Explanation)
{
    /// <summary>
    /// Stable fingerprint of what matters for notifications (status, matched ranges, remediation categories);
    /// store it with the match and hand it to <see cref="MatchChangeDetector"/> on the next revision.
    /// </summary>
    public string Fingerprint => MatchFingerprint.From(this).ToString();
}
