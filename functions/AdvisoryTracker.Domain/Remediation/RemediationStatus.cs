namespace AdvisoryTracker.Domain.Remediation;

/// <summary>Where the organisation stands on one (device, advisory) match.</summary>
public enum RemediationStatus
{
    Open,
    InProgress,
    Mitigated,
    Patched,
    NotAffected,
    RiskAccepted,
}
