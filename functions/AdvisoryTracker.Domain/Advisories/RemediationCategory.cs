namespace AdvisoryTracker.Domain.Advisories;

public enum RemediationCategory
{
    VendorFix,
    Mitigation,
    Workaround,
    NoneAvailable,
    NoFixPlanned,
}
