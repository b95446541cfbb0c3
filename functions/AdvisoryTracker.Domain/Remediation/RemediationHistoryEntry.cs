namespace AdvisoryTracker.Domain.Remediation;

/// <summary>One change of remediation status: who, when and an optional note (no patient data).</summary>
public sealed record RemediationHistoryEntry(RemediationStatus Status, string By, DateTimeOffset At, string? Note);
