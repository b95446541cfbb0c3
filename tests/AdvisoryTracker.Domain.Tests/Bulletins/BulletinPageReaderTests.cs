using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Bulletins;
using AdvisoryTracker.Domain.Html;
using AdvisoryTracker.Domain.Tests.Feeds;

namespace AdvisoryTracker.Domain.Tests.Bulletins;

public class BulletinPageReaderTests
{
    private static PageReadResult ReadCisa(string file, string url) =>
        BulletinPageReader.Read(Fixture.Bytes("html", "cisa", file), url, BulletinPresets.CisaAdvisory());

    private static Advisory ReadCisaAdvisory(string file, string url)
    {
        var result = ReadCisa(file, url);
        Assert.True(result.Succeeded, result.RejectionReason);
        return result.Advisory!;
    }

    [Fact]
    public void Read_CisaFreseniusUpdateA_UsesLastRevisedDateAndListsProducts()
    {
        var advisory = ReadCisaAdvisory(
            "cisa_icsma-21-355-01_fresenius-kabi-agilia_updateA_full-page_2026-02-06.html",
            "https://www.cisa.gov/news-events/ics-medical-advisories/icsma-21-355-01");

        Assert.Equal("ICSMA-21-355-01", advisory.Id);
        Assert.StartsWith("Fresenius Kabi Agilia", advisory.Title, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2022, 1, 27), DateOnly.FromDateTime(advisory.InitialReleaseDate!.Value.UtcDateTime));
        Assert.All(advisory.Products, p => Assert.Equal("Fresenius Kabi", p.Vendor));
        Assert.Contains(advisory.Products, p => p.ProductName.Contains("Agilia Link+", StringComparison.Ordinal));
        Assert.Contains("CVE-2021-23236", advisory.Cves);
        Assert.Equal(AdvisoryKind.Bulletin, advisory.Kind);
    }

    [Fact]
    public void Read_CisaMedtronicInterStim_ReadsVendorProductsAndCve()
    {
        var advisory = ReadCisaAdvisory(
            "cisa_icsma-23-061-01_medtronic-micro-clinician-interstim_full-page_2026-02-06.html",
            "https://www.cisa.gov/news-events/ics-medical-advisories/icsma-23-061-01");

        Assert.Equal("ICSMA-23-061-01", advisory.Id);
        Assert.Equal("Medtronic Micro Clinician and InterStim Apps", advisory.Title);
        Assert.Equal(new DateTimeOffset(2023, 3, 2, 12, 0, 0, TimeSpan.Zero), advisory.InitialReleaseDate);
        Assert.Equal(["Micro Clinician (A51200)", "InterStim X Clinician (A51300)"], advisory.Products.Select(p => p.ProductName).ToArray());
        Assert.All(advisory.Products, p => Assert.Equal("Medtronic", p.Vendor));
        Assert.Equal(["CVE-2023-25931"], advisory.Cves.ToArray());
        Assert.Contains(advisory.Vulnerabilities[0].Remediations, r => r.Details.StartsWith("An app update is available", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CisaPhilipsIscv_ReadsVendorAndDate()
    {
        var advisory = ReadCisaAdvisory(
            "cisa_icsma-25-072-01_philips-iscv_full-page_2026-02-06.html",
            "https://www.cisa.gov/news-events/ics-medical-advisories/icsma-25-072-01");

        Assert.Equal("ICSMA-25-072-01", advisory.Id);
        Assert.Equal(new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.Zero), advisory.InitialReleaseDate);
        Assert.Equal(["Philips"], advisory.VendorNames.ToArray());
        Assert.NotEmpty(advisory.Products);
        Assert.NotEmpty(advisory.Cves);
    }

    [Fact]
    public void Read_CisaBransysCsafRenderedTemplate_ReadsSummaryTableAndAccordion()
    {
        var advisory = ReadCisaAdvisory(
            "cisa_icsa-26-260-01_bransys_main-fragment_2026-09-17.body.html",
            "https://www.cisa.gov/news-events/ics-advisories/icsa-26-260-01");

        Assert.Equal("ICSA-26-260-01", advisory.Id);
        Assert.Equal("Bransys ELD", advisory.Title);
        Assert.Equal(new DateTimeOffset(2026, 9, 17, 12, 0, 0, TimeSpan.Zero), advisory.InitialReleaseDate);
        var product = Assert.Single(advisory.Products);
        Assert.Equal(("Bransys", "Bransys ELD"), (product.Vendor, product.ProductName));
        Assert.Equal(["CVE-2026-86520", "CVE-2026-86689", "CVE-2026-77960"], advisory.Cves.ToArray());
        Assert.Contains(advisory.Vulnerabilities[0].Remediations, r => r.Details.Contains("Bransys recommends", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("cisa_icsa-25-091-01_rockwell_full-page_2025-04.html", "ICSA-25-091-01", "Rockwell Automation")]
    [InlineData("cisa_icsa-25-044-01_siemens_full-page_2025-04.html", "ICSA-25-044-01", "Siemens")]
    public void Read_CisaNonMedicalAdvisories_AreReadToo(string file, string id, string vendor)
    {
        var advisory = ReadCisaAdvisory(file, "https://www.cisa.gov/news-events/ics-advisories/" + id.ToLowerInvariant());

        Assert.Equal(id, advisory.Id);
        Assert.Contains(vendor, advisory.VendorNames);
        Assert.NotEmpty(advisory.Products);
    }

    [Fact]
    public void Read_CisaAlertPage_IsRejectedWithReason()
    {
        var result = ReadCisa("cisa_alert_2025-04-04_ivanti_full-page_NEGATIVE.html", "https://www.cisa.gov/news-events/alerts/2025/04/04/x");

        Assert.False(result.Succeeded);
        Assert.Contains("required element", result.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FdaPresetOnContecPage_ReadsBrandAndModelTable()
    {
        var result = BulletinPageReader.Read(
            Fixture.Bytes("html", "fda", "fda_safety-communication_contec-epsimed-patient-monitors_2025-01-30_fetched-2026-02-06.html"),
            "https://www.fda.gov/medical-devices/safety-communications/x",
            BulletinPresets.FdaPage());

        Assert.True(result.Succeeded, result.RejectionReason);
        var advisory = result.Advisory!;
        Assert.Equal(new DateTimeOffset(2025, 1, 30, 0, 0, 0, TimeSpan.Zero), advisory.InitialReleaseDate);
        Assert.Equal([("Contec", "CMS8000"), ("Epsimed", "MN-120")], advisory.Products.Select(p => (p.Vendor, p.ProductName)).ToArray());
        Assert.Equal(AdvisoryKind.SafetyCommunication, advisory.Kind);
    }

    [Fact]
    public void Read_FdaPresetOnFoodRecall_IsRejected()
    {
        var result = BulletinPageReader.Read(
            Fixture.Bytes("html", "fda", "fda_recall_company_announcement_western-mixers_2026-06-16.html"),
            "https://www.fda.gov/safety/x",
            BulletinPresets.FdaPage());

        Assert.False(result.Succeeded);
    }

    [Fact]
    public void Read_InvalidXPathInConfiguration_IsARejectionNotACrash()
    {
        var config = BulletinPresets.CisaAdvisory();
        config.TitleXPath = "//h1[";

        var result = BulletinPageReader.Read(
            Fixture.Bytes("html", "cisa", "cisa_icsma-23-061-01_medtronic-micro-clinician-interstim_full-page_2026-02-06.html"),
            "https://www.cisa.gov/x",
            config);

        Assert.False(result.Succeeded);
        Assert.Contains("invalid XPath", result.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadListingLinks_RelatedAdvisoryCards_GivesAbsoluteAdvisoryUrls()
    {
        var links = BulletinPageReader.ReadListingLinks(
            Fixture.Bytes("html", "cisa", "cisa_icsma-25-072-01_philips-iscv_full-page_2026-02-06.html"),
            new Uri("https://www.cisa.gov/news-events/ics-medical-advisories"),
            BulletinPresets.CisaAdvisory());

        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.StartsWith("https://www.cisa.gov/news-events/ics-medical-advisories/icsma-", l, StringComparison.Ordinal));
    }
}

public class BulletinSiteConfigTests
{
    [Fact]
    public void Validate_ShippedPresets_HaveNoProblems()
    {
        var cisa = BulletinPresets.CisaAdvisory();
        cisa.Enabled = true;

        Assert.Empty(cisa.Validate());
        Assert.Empty(BulletinPresets.FdaPage().Validate());
    }

    [Fact]
    public void Validate_BrokenSelectorAndPattern_NamesEachProblem()
    {
        var config = new BulletinSiteConfig { Name = "x", Enabled = true, ListingUrl = "ftp://example.org", ProductXPath = "//li[", IdFromUrlPattern = "(" };

        var problems = config.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("ProductXPath", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ListingUrl", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("IdFromUrlPattern", StringComparison.Ordinal));
    }
}
