namespace AdvisoryTracker.Domain.Matching;

/// <summary>What a new advisory revision means for one (device, advisory) pair.</summary>
public enum MatchChangeKind
{
    /// <summary>Nothing that matters changed: no notification.</summary>
    Unchanged,
    /// <summary>First time the device is flagged for this advisory.</summary>
    NewMatch,
    /// <summary>Still flagged and a vendor fix now applies that did not before.</summary>
    PatchAvailable,
    /// <summary>Still flagged, but the status, ranges or remediation changed.</summary>
    Changed,
    /// <summary>Was flagged, now not affected (or no longer matched).</summary>
    NoLongerAffected,
}
