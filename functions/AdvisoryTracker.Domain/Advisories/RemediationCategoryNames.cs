namespace AdvisoryTracker.Domain.Advisories;

/// <summary>The CSAF wire names of <see cref="RemediationCategory"/>.</summary>
public static class RemediationCategoryNames
{
    /// <summary>The CSAF wire name (vendor_fix, mitigation, workaround, none_available, no_fix_planned).</summary>
    public static string ToWireName(this RemediationCategory category) => category switch
    {
        RemediationCategory.VendorFix => "vendor_fix",
        RemediationCategory.Mitigation => "mitigation",
        RemediationCategory.Workaround => "workaround",
        RemediationCategory.NoneAvailable => "none_available",
        RemediationCategory.NoFixPlanned => "no_fix_planned",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    public static RemediationCategory? FromWireName(string name) => name switch
    {
        "vendor_fix" => RemediationCategory.VendorFix,
        "mitigation" => RemediationCategory.Mitigation,
        "workaround" => RemediationCategory.Workaround,
        "none_available" => RemediationCategory.NoneAvailable,
        "no_fix_planned" => RemediationCategory.NoFixPlanned,
        _ => null,
    };
}
