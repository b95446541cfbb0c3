using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Bulletins;

/// <summary>
/// Configurations verified against real saved pages (tests/TestData/fixtures/html). Settings can name a preset
/// (<c>HtmlBulletins__0__Preset=cisa-advisory</c>) and override any field.
/// </summary>
public static class BulletinPresets
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// CISA ICS (Medical) Advisory pages, both templates: the numbered Drupal body (2016 to mid-2025 content) and the
    /// CSAF-rendered body (late 2025 on). Alerts and other page types are refused by <see cref="BulletinSiteConfig.RequiredXPath"/>.
    /// </summary>
    public static BulletinSiteConfig CisaAdvisory() => new()
    {
        Name = "cisa-ics-advisories",
        ListingUrl = "https://www.cisa.gov/news-events/ics-medical-advisories",
        ListingKind = BulletinListingKind.Html,
        ItemLinkXPath = "//*[contains(@class,'c-teaser__title')]/a/@href",
        ItemUrlPrefixes = ["https://www.cisa.gov/news-events/ics-medical-advisories/", "https://www.cisa.gov/news-events/ics-advisories/"],
        RequiredXPath = "//div[contains(@class,'c-page-title__meta')][normalize-space(.)='ICS Medical Advisory' or normalize-space(.)='ICS Advisory']",
        TitleXPath = "//h1[contains(@class,'c-page-title__title')]",
        DateXPath = "//div[contains(@class,'c-field--name-field-release-date')]//time/@datetime | //div[contains(@class,'c-field--name-field-last-updated')]//time/@datetime",
        IdXPath = "//div[contains(@class,'c-field--name-field-alert-code')]//div[contains(@class,'c-field__content')]",
        IdFromUrlPattern = @"(?<id>ics[am]*a?-\d{2}-\d{3}-\d{2}[a-z]?)",
        VendorXPath =
            "//div[contains(@class,'l-page-section__content')]/ul/li[strong[starts-with(normalize-space(.),'Vendor')]]/text()"
            + " | //div[contains(@class,'csaf-table') and not(contains(@class,'csaf-metrics-table'))]//tbody/tr/td[2]",
        ProductXPath =
            $"//h3[contains(translate(.,'{Lower}','{Upper}'),'AFFECTED PRODUCTS')]/following-sibling::ul[1]/li"
            + " | //div[contains(@class,'csaf-accordion-content')]/h5",
        BodyXPath = "//div[contains(@class,'l-full__main')]//div[contains(@class,'l-page-section__content')]",
        MitigationXPath =
            $"//h2[contains(translate(.,'{Lower}','{Upper}'),'MITIGATIONS')]/following-sibling::ul[1]/li"
            + " | //div[contains(@class,'ics-remediations')]/p",
        Publisher = "CISA",
        Kind = AdvisoryKind.Bulletin,
    };

    /// <summary>FDA safety communications and press announcements read generically (the FDA source has a richer reader).</summary>
    public static BulletinSiteConfig FdaPage() => new()
    {
        Name = "fda-pages",
        ListingKind = BulletinListingKind.Feed,
        TitleXPath = "//article//h1[contains(@class,'content-title')]",
        DateXPath = "//p[strong[starts-with(normalize-space(.),'Date Issued')]] | //dt[starts-with(normalize-space(.),'For Immediate Release')]/following-sibling::dd[1]/time/@datetime",
        IdFromUrlPattern = @"/(?<id>[a-z0-9-]+)/?$",
        VendorXPath = "//table[.//*[self::th or self::td][starts-with(normalize-space(.),'Brand Name')]]//tbody/tr[td]/td[1]",
        ProductXPath = "//table[.//*[self::th or self::td][starts-with(normalize-space(.),'Brand Name')]]//tbody/tr[td]/td[2]",
        RequiredXPath = "//meta[@name='dcterms.creator'][contains(@content,'Devices and Radiological Health')] | //ul[contains(@class,'lcds-metadata-list')]/li[contains(normalize-space(.),'Medical Devices')]",
        BodyXPath = "//article//div[@role='main']",
        MitigationXPath = "//h2[starts-with(normalize-space(.),'Recommendations')]/following-sibling::ul[1]",
        Publisher = "U.S. Food and Drug Administration",
        Kind = AdvisoryKind.SafetyCommunication,
    };

    public static BulletinSiteConfig? ByName(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "cisa-advisory" or "cisa" => CisaAdvisory(),
        "fda-page" or "fda" => FdaPage(),
        _ => null,
    };
}
