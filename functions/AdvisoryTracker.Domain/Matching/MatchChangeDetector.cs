using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>Pure decision of the event a new match (or its absence) produces, given the previous stored fingerprint.</summary>
public static class MatchChangeDetector
{
    /// <param name="previousFingerprint">The fingerprint stored for the pair, or null when there was none.</param>
    /// <param name="current">The new match for the pair, or null when the vendor or product no longer matches.</param>
    public static MatchChangeKind Detect(string? previousFingerprint, DeviceMatch? current)
    {
        var previous = MatchFingerprint.Parse(previousFingerprint);
        var now = current is null ? null : MatchFingerprint.From(current);
        var wasFlagged = previous?.Status.IsFlagged() == true;
        var isFlagged = now?.Status.IsFlagged() == true;

        if (!wasFlagged)
        {
            return isFlagged ? MatchChangeKind.NewMatch : MatchChangeKind.Unchanged;
        }

        if (!isFlagged)
        {
            return MatchChangeKind.NoLongerAffected;
        }

        if (now!.Categories.Contains(RemediationCategory.VendorFix) && !previous!.Categories.Contains(RemediationCategory.VendorFix))
        {
            return MatchChangeKind.PatchAvailable;
        }

        return now.ToString() == previous!.ToString() ? MatchChangeKind.Unchanged : MatchChangeKind.Changed;
    }
}
