using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Bulletins;

/// <summary>How the list of bulletins of a site is found.</summary>
public enum BulletinListingKind
{
    /// <summary>An HTML page; <see cref="BulletinSiteConfig.ItemLinkXPath"/> selects the links to bulletin pages.</summary>
    Html,
    /// <summary>An RSS 2.0 or Atom feed; every item link is a bulletin page.</summary>
    Feed,
}

/// <summary>
/// Describes one bulletin site (a vendor PSIRT page, CISA advisory pages) so that a hospital can add a source without
/// code. Every selector is an XPath 1.0 expression evaluated on the page (HtmlAgilityPack): node sets give the
/// normalised text of each node (or the value of each selected attribute), string expressions (<c>string(...)</c>,
/// <c>normalize-space(...)</c>) give one value. Several alternatives are written as a union (<c>a | b</c>).
/// </summary>
public sealed class BulletinSiteConfig
{
    /// <summary>Unique source name, e.g. "cisa-ics-medical-advisories"; the key of the source's state.</summary>
    public string Name { get; set; } = "";

    public bool Enabled { get; set; }

    /// <summary>The listing page or feed; empty when the site is only used by <c>bulletin-test</c>.</summary>
    public string ListingUrl { get; set; } = "";

    public BulletinListingKind ListingKind { get; set; } = BulletinListingKind.Html;

    /// <summary>On an HTML listing: the bulletin links (href attributes or anchor elements).</summary>
    public string ItemLinkXPath { get; set; } = "//a/@href";

    /// <summary>Only links whose absolute URL starts with one of these prefixes are followed (empty: same host as the listing).</summary>
    public List<string> ItemUrlPrefixes { get; set; } = [];

    /// <summary>A page is accepted only when this XPath selects something (e.g. the "ICS Medical Advisory" label); empty: always.</summary>
    public string RequiredXPath { get; set; } = "";

    public string TitleXPath { get; set; } = "//h1";

    /// <summary>The release date: an ISO/RFC date, a <c>time/@datetime</c> attribute or prose ("March 13, 2025").</summary>
    public string DateXPath { get; set; } = "";

    /// <summary>The advisory id; empty or not found: <see cref="IdFromUrlPattern"/> on the page URL, else the URL slug.</summary>
    public string IdXPath { get; set; } = "";

    /// <summary>Regular expression with a group named "id" applied to the page URL when the page shows no id.</summary>
    public string IdFromUrlPattern { get; set; } = "";

    /// <summary>Vendor names (each selected value is one vendor); empty: <see cref="DefaultVendor"/>.</summary>
    public string VendorXPath { get; set; } = "";

    /// <summary>The vendor when the page names none (a vendor's own PSIRT site).</summary>
    public string DefaultVendor { get; set; } = "";

    /// <summary>Affected products (each selected value is one product name, optionally with version prose).</summary>
    public string ProductXPath { get; set; } = "";

    /// <summary>Where CVE ids are searched (all matches of CVE-YYYY-NNNN in the selected text); empty: the body.</summary>
    public string CveXPath { get; set; } = "";

    /// <summary>The main text (summary, mitigations); empty: the whole body.</summary>
    public string BodyXPath { get; set; } = "";

    /// <summary>Remediation or mitigation text blocks (each selected value is one mitigation).</summary>
    public string MitigationXPath { get; set; } = "";

    public string Publisher { get; set; } = "";

    public AdvisoryKind Kind { get; set; } = AdvisoryKind.Bulletin;

    /// <summary>Largest number of bulletin pages fetched in one run (the rest waits for the next run).</summary>
    public int MaxItemsPerRun { get; set; } = 50;

    /// <summary>Largest page parsed, in characters.</summary>
    public int MaxPageChars { get; set; } = 5 * 1024 * 1024;
}
