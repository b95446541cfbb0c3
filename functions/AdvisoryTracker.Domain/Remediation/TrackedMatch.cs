using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Remediation;

/// <summary>A match with its remediation state, the device-side row's ETag and (when asked for) its history, newest first.</summary>
public sealed record TrackedMatch(StoredMatch Match, MatchRemediation Remediation, string ETag, IReadOnlyList<RemediationHistoryEntry> History);
