namespace AdvisoryTracker.Domain.Advisories;

/// <summary>The CSAF product status sets.</summary>
public enum ProductStatus
{
    KnownAffected,
    FirstAffected,
    LastAffected,
    Fixed,
    FirstFixed,
    KnownNotAffected,
    Recommended,
    UnderInvestigation,
}
