namespace AdvisoryTracker.Domain.Advisories;

/// <summary>What kind of publication an advisory came from; decides wording and how strict matching is.</summary>
public enum AdvisoryKind
{
    /// <summary>A CSAF 2.0 security advisory (CISA or a vendor's CSAF provider).</summary>
    Csaf,
    /// <summary>An FDA safety communication page.</summary>
    SafetyCommunication,
    /// <summary>An FDA (openFDA) device recall or enforcement report.</summary>
    Recall,
    /// <summary>A vendor PSIRT bulletin or advisory web page.</summary>
    Bulletin,
}

/// <summary>
/// The current revision of one advisory, normalised from its source format. Every text value came from an
/// untrusted document: encode it before it is rendered anywhere.
/// </summary>
public sealed record Advisory
{
    /// <summary>The publisher's tracking id, e.g. <c>ICSMA-25-336-01</c>; upper case as CSAF writes it.</summary>
    public required string Id { get; init; }
    public AdvisoryKind Kind { get; init; } = AdvisoryKind.Csaf;
    public required string Title { get; init; }
    public string Publisher { get; init; } = "";
    /// <summary>The tracking version (revision number) as the document writes it, e.g. "1" or "2.0.0".</summary>
    public string Revision { get; init; } = "1";
    /// <summary>draft, interim or final.</summary>
    public string Status { get; init; } = "final";
    public DateTimeOffset? InitialReleaseDate { get; init; }
    public DateTimeOffset? CurrentReleaseDate { get; init; }
    public IReadOnlyList<AdvisoryRevision> RevisionHistory { get; init; } = [];
    public string? Summary { get; init; }
    /// <summary>Every document-level note's text (summary, description, general, details...), in document order.</summary>
    public IReadOnlyList<string> NoteTexts { get; init; } = [];
    public IReadOnlyList<AdvisoryProduct> Products { get; init; } = [];
    public IReadOnlyList<Vulnerability> Vulnerabilities { get; init; } = [];
    public IReadOnlyList<AdvisoryReference> References { get; init; } = [];
    /// <summary>The human-readable page of the advisory, when the document names one.</summary>
    public string? WebUrl { get; init; }
    /// <summary>SHA-256 (hex) of the source bytes this revision was read from.</summary>
    public string ContentHash { get; init; } = "";
    /// <summary>CISA's "Critical infrastructure sectors" note, split (e.g. "Healthcare and Public Health"); empty when absent.</summary>
    public IReadOnlyList<string> CriticalInfrastructureSectors { get; init; } = [];
    /// <summary>True when the publisher notes the CSAF was extracted from unstructured data (older CISA conversions): fields may be inaccurate.</summary>
    public bool IsConvertedFromUnstructuredData { get; init; }
    /// <summary>The CSAF version the document declares ("2.0" or "2.1"); null for non-CSAF advisories.</summary>
    public string? CsafVersion { get; init; }
    /// <summary>The document's TLP label as written (2.0: WHITE, GREEN, AMBER, RED; 2.1: CLEAR, GREEN, AMBER, AMBER+STRICT, RED).</summary>
    public string? TlpLabel { get; init; }

    public IEnumerable<string> Cves => Vulnerabilities.Select(v => v.Cve).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The highest CVSS v3 base score over all vulnerabilities, or null when none is given.</summary>
    public CvssScore? HighestCvss =>
        Vulnerabilities.SelectMany(v => v.Scores).OrderByDescending(s => s.BaseScore).FirstOrDefault();

    /// <summary>Vendor names as written in the document (distinct, trimmed).</summary>
    public IEnumerable<string> VendorNames =>
        Products.Select(p => p.Vendor.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>FDA recall classification ("Class I", "Class II", "Class III") for recalls; null otherwise.</summary>
    public string? RecallClass { get; init; }
    /// <summary>A severity word for non-CSAF advisories without CVSS ("critical" for Class I, "high", "medium"...).</summary>
    public string? Severity { get; init; }
}

public sealed record AdvisoryRevision(string Number, DateTimeOffset? Date, string Summary, string? LegacyVersion);

public sealed record AdvisoryReference(string Url, string Category, string Summary);

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

public enum RemediationCategory
{
    VendorFix,
    Mitigation,
    Workaround,
    NoneAvailable,
    NoFixPlanned,
}

/// <summary>A remediation as the advisory states it (CSAF <c>remediations</c>); the organisation's own remediation of a match is in <c>Domain/Remediation</c>.</summary>
public sealed record AdvisoryRemediation(
    RemediationCategory Category,
    string Details,
    string? Url,
    IReadOnlyList<string> ProductIds);

public sealed record CvssScore(string Version, double BaseScore, string BaseSeverity, string VectorString);

public sealed record Vulnerability
{
    public string? Cve { get; init; }
    public string? CweId { get; init; }
    public string? CweName { get; init; }
    public string? Title { get; init; }
    public string? Summary { get; init; }
    /// <summary>Product ids per status set.</summary>
    public IReadOnlyDictionary<ProductStatus, IReadOnlyList<string>> ProductStatus { get; init; } =
        new Dictionary<ProductStatus, IReadOnlyList<string>>();
    public IReadOnlyList<AdvisoryRemediation> Remediations { get; init; } = [];
    /// <summary>CSAF flags (e.g. component_not_present) with the product ids they name (product groups expanded).</summary>
    public IReadOnlyList<ProductFlag> Flags { get; init; } = [];
    /// <summary>CSAF threats (impact, exploit_status, target_set) with the product ids they name (groups expanded).</summary>
    public IReadOnlyList<ProductThreat> Threats { get; init; } = [];
    /// <summary>Every note text of the vulnerability, in document order.</summary>
    public IReadOnlyList<string> NoteTexts { get; init; } = [];
    public IReadOnlyList<CvssScore> Scores { get; init; } = [];
    /// <summary>CVSS v4 vector when the document gives one (CISA puts it only in a first.org calculator link).</summary>
    public string? CvssV4Vector { get; init; }
    public IReadOnlyList<AdvisoryReference> References { get; init; } = [];
    /// <summary>CSAF 2.1 EPSS metric (the first one given), when present.</summary>
    public EpssMetric? Epss { get; init; }
    /// <summary>CSAF 2.1 SSVC v2 decision points (selections), when present.</summary>
    public IReadOnlyList<SsvcSelection> Ssvc { get; init; } = [];
    /// <summary>CSAF 2.1 qualitative severity rating (none, low, medium, high, critical), when present.</summary>
    public string? QualitativeSeverity { get; init; }
    /// <summary>CSAF 2.1 first known exploitation dates.</summary>
    public IReadOnlyList<FirstKnownExploitation> FirstKnownExploitationDates { get; init; } = [];
}

/// <summary>A CSAF flag: a machine-readable justification (component_not_present, vulnerable_code_not_present, ...).</summary>
public sealed record ProductFlag(string Label, IReadOnlyList<string> ProductIds);

/// <summary>A CSAF threat (category impact, exploit_status or target_set) and the products it names (empty = all).</summary>
public sealed record ProductThreat(string Category, string Details, IReadOnlyList<string> ProductIds);

/// <summary>An EPSS score as CSAF 2.1 carries it (probability and percentile between 0 and 1).</summary>
public sealed record EpssMetric(double Probability, double Percentile, DateTimeOffset? Timestamp);

/// <summary>One SSVC decision point selection (e.g. namespace "ssvc", key "MI", values ["N"]).</summary>
public sealed record SsvcSelection(string Namespace, string Key, IReadOnlyList<string> Values);

/// <summary>When exploitation of the vulnerability was first known (CSAF 2.1), for the given products (empty = all).</summary>
public sealed record FirstKnownExploitation(DateTimeOffset? ExploitationDate, IReadOnlyList<string> ProductIds);
