namespace AdvisoryTracker.Domain.Matching;

/// <summary>A match as stored for one (device, advisory), with what decides whether a later revision is news.</summary>
public sealed record StoredMatch(
    string DeviceId,
    string AdvisoryId,
    string Revision,
    MatchStatus Status,
    double Confidence,
    string Explanation,
    string Fingerprint,
    bool HasVendorFix);
