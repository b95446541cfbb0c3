namespace AdvisoryTracker.Domain.Advisories;

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
