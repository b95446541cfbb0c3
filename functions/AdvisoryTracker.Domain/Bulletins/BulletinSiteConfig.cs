using System.Text.RegularExpressions;
using System.Xml.XPath;
using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Bulletins;

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

    /// <summary>Every problem of this configuration (invalid XPath or pattern, bad URL), empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("Name is empty");
        }

        if (Enabled && !(Uri.TryCreate(ListingUrl, UriKind.Absolute, out var listing) && (listing.Scheme == Uri.UriSchemeHttps || listing.Scheme == Uri.UriSchemeHttp)))
        {
            problems.Add($"ListingUrl '{ListingUrl}' is not an absolute http(s) URL");
        }

        foreach (var (field, xpath) in new[]
        {
            (nameof(ItemLinkXPath), ItemLinkXPath), (nameof(RequiredXPath), RequiredXPath), (nameof(TitleXPath), TitleXPath),
            (nameof(DateXPath), DateXPath), (nameof(IdXPath), IdXPath), (nameof(VendorXPath), VendorXPath),
            (nameof(ProductXPath), ProductXPath), (nameof(CveXPath), CveXPath), (nameof(BodyXPath), BodyXPath),
            (nameof(MitigationXPath), MitigationXPath),
        })
        {
            if (string.IsNullOrWhiteSpace(xpath))
            {
                continue;
            }

            try
            {
                XPathExpression.Compile(xpath);
            }
            catch (XPathException ex)
            {
                problems.Add($"{field} is not a valid XPath: {ex.Message}");
            }
        }

        if (!string.IsNullOrEmpty(IdFromUrlPattern))
        {
            try
            {
                _ = new Regex(IdFromUrlPattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                problems.Add($"IdFromUrlPattern is not a valid regular expression: {ex.Message}");
            }
        }

        if (MaxItemsPerRun < 1 || MaxPageChars < 1024)
        {
            problems.Add("MaxItemsPerRun must be at least 1 and MaxPageChars at least 1024");
        }

        return problems;
    }
}
