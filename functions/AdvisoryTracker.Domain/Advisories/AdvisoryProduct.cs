namespace AdvisoryTracker.Domain.Advisories;

/// <summary>
/// One leaf of the CSAF product tree (or one product named by a non-CSAF source): the vendor, product name and
/// version expression exactly as the document writes them.
/// </summary>
public sealed record AdvisoryProduct
{
    public required string ProductId { get; init; }
    public required string Vendor { get; init; }
    /// <summary>
    /// <see cref="Vendor"/> trimmed and with UTF-8-read-as-Latin-1 mojibake repaired (<c>GeutebrÃ¼ck</c> -> <c>Geutebrück</c>),
    /// for display and matching; <see cref="Vendor"/> keeps the document's exact text.
    /// </summary>
    public string VendorDisplayName => TextRepair.RepairMojibake(Vendor.Trim());
    /// <summary>product_family branch names, outermost first.</summary>
    public IReadOnlyList<string> Families { get; init; } = [];
    /// <summary>The product_name branch (without version); for full_product_names the full name.</summary>
    public required string ProductName { get; init; }
    /// <summary>The version leaf (product_version or product_version_range name), e.g. <c>vers:all/*</c> or <c>&lt;= 2.3.6</c>.</summary>
    public string? VersionExpression { get; init; }
    /// <summary>True when the leaf was filed as product_version_range.</summary>
    public bool IsVersionRange { get; init; }
    /// <summary>The product's full name (<c>product.name</c>).</summary>
    public string FullName { get; init; } = "";
    public IReadOnlyList<string> ModelNumbers { get; init; } = [];
    /// <summary>product_identification_helper.skus.</summary>
    public IReadOnlyList<string> Skus { get; init; } = [];
    /// <summary>product_identification_helper.serial_numbers (may contain * and ? wildcards).</summary>
    public IReadOnlyList<string> SerialNumbers { get; init; } = [];
    /// <summary>
    /// Branch levels above and at the leaf other than vendor, product_family, product_name and product_version(_range),
    /// as "category: name" (service_pack, patch_level, architecture, language, host_name, specification, legacy).
    /// </summary>
    public IReadOnlyList<string> Qualifiers { get; init; } = [];
    public string? Cpe { get; init; }
    public string? Purl { get; init; }
    /// <summary>For relationship products (e.g. firmware installed_on hardware): the two product ids it joins.</summary>
    public string? RelationshipProductReference { get; init; }
    public string? RelationshipRelatesTo { get; init; }
    public string? RelationshipCategory { get; init; }
    /// <summary>FDA three-letter product code (openFDA recalls), e.g. "FRN".</summary>
    public string? FdaProductCode { get; init; }
    /// <summary>510(k) and PMA numbers the product was cleared or approved under (openFDA recalls).</summary>
    public IReadOnlyList<string> FdaSubmissionNumbers { get; init; } = [];
}
