namespace AdvisoryTracker.Domain.Vendors;

/// <summary>
/// Vendor aliases an administrator adds without a release: <c>Vendors:ExtraAliases:&lt;canonical id&gt;:&lt;n&gt;</c> = alias
/// (app setting <c>Vendors__ExtraAliases__baxter__0 = "Baxter Healthcare Ltd"</c>). An id not in the shipped catalogue
/// creates a new vendor named after the id.
/// </summary>
public sealed class VendorCatalogueOptions
{
    public const string SectionName = "Vendors";

    /// <summary>Canonical vendor id → extra names it is written under.</summary>
    public Dictionary<string, List<string>> ExtraAliases { get; init; } = new(StringComparer.Ordinal);
}
