using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Tests.Feeds;

namespace AdvisoryTracker.Domain.Tests.Fda;

public class FdaPageReaderTests
{
    private const string ContecFile = "fda_safety-communication_contec-epsimed-patient-monitors_2025-01-30_fetched-2026-02-06.html";
    private const string ContecUrl = "https://www.fda.gov/medical-devices/safety-communications/cybersecurity-vulnerabilities-certain-patient-monitors-contec-and-epsimed-fda-safety-communication";

    internal static Advisory ReadContec()
    {
        var result = FdaPageReader.Read(Fixture.Bytes("html", "fda", ContecFile), ContecUrl);
        Assert.True(result.Succeeded, result.RejectionReason);
        return result.Advisory!;
    }

    [Fact]
    public void Read_ContecSafetyCommunication_ExtractsTitleIssueDateFromBodyAndModels()
    {
        var advisory = ReadContec();

        Assert.Equal(AdvisoryKind.SafetyCommunication, advisory.Kind);
        Assert.Equal("Cybersecurity Vulnerabilities with Certain Patient Monitors from Contec and Epsimed: FDA Safety Communication", advisory.Title);
        // The issue date lives only in the body; the page metadata says 07/02/2025 (a re-publication).
        Assert.Equal(new DateTimeOffset(2025, 1, 30, 0, 0, 0, TimeSpan.Zero), advisory.InitialReleaseDate);
        Assert.Equal(new DateTimeOffset(2025, 7, 2, 0, 0, 0, TimeSpan.Zero), advisory.CurrentReleaseDate);
        Assert.Equal(["Contec", "Epsimed"], advisory.VendorNames.ToArray());
        Assert.Contains(advisory.Products, p => p.Vendor == "Contec" && p.ProductName == "CMS8000" && p.VersionExpression is null);
        Assert.Contains(advisory.Products, p => p.Vendor == "Epsimed" && p.ProductName == "MN-120");
        Assert.Equal(ContecUrl, advisory.WebUrl);
        Assert.Equal("FDA-cybersecurity-vulnerabilities-certain-patient-monitors-contec-and-epsimed-fda-safety-communication", advisory.Id);
    }

    [Fact]
    public void Read_ContecSafetyCommunication_NamesNoCveButLinksTheCisaAdvisory()
    {
        var advisory = ReadContec();

        // The FDA page itself names no CVE id; the CVEs live in the linked CISA advisory ICSMA-25-030-01.
        Assert.Empty(advisory.Cves);
        Assert.Contains(advisory.References, r => r.Url == "https://www.cisa.gov/news-events/ics-medical-advisories/icsma-25-030-01");
    }

    [Fact]
    public void Read_ContecSafetyCommunication_KeepsRecommendationsForProvidersAndPatients()
    {
        var remediations = ReadContec().Vulnerabilities.Single().Remediations;

        Assert.Contains(remediations, r => r.Details.StartsWith("Recommendations for Patients and Caregivers: Talk to your health care provider", StringComparison.Ordinal));
        Assert.Contains(remediations, r => r.Details.StartsWith("Recommendations for Health Care Providers: Work with health care facility staff", StringComparison.Ordinal));
        Assert.Contains(remediations, r => r.Details.StartsWith("Recommendations for Health Care Facility Staff", StringComparison.Ordinal));
        Assert.All(remediations, r => Assert.DoesNotContain("&nbsp;", r.Details, StringComparison.Ordinal));
        Assert.All(remediations, r => Assert.DoesNotContain("<", r.Details, StringComparison.Ordinal));
    }

    [Fact]
    public void Match_ContecCms8000Device_IsFlaggedByTheFdaCommunication()
    {
        IAdvisoryMatcher matcher = new AdvisoryMatcher();
        var devices = new[]
        {
            new Device { Id = "monitor-1", Manufacturer = "Contec", Model = "CMS8000" },
            new Device { Id = "pump-1", Manufacturer = "Baxter", Model = "Sigma Spectrum" },
        };

        var matches = matcher.Match(ReadContec(), devices);

        var match = Assert.Single(matches);
        Assert.Equal("monitor-1", match.DeviceId);
        Assert.True(match.Status.IsFlagged());
    }

    [Fact]
    public void Match_ContecHealthCms8000Device_IsFlaggedByTheFdaCommunication()
    {
        // CISA and the inventory call the firm "Contec Health"; the FDA page says "Contec". The vendor catalogue of the
        // matcher resolves the two (the placeholder matcher compares normalised names and cannot).
        IAdvisoryMatcher matcher = new AdvisoryMatcher();

        var matches = matcher.Match(ReadContec(), [new Device { Id = "monitor-2", Manufacturer = "Contec Health", Model = "CMS8000" }]);

        Assert.True(Assert.Single(matches).Status.IsFlagged());
    }

    [Fact]
    public void Read_SweynToothPressAnnouncement_ReadsReleaseDateAndChipManufacturers()
    {
        var result = FdaPageReader.Read(
            Fixture.Bytes("html", "fda", "fda_press-announcement_sweyntooth-ble_2020-03-03_fetched-2026-02-06.html"),
            "https://www.fda.gov/news-events/press-announcements/fda-informs-patients-providers-and-manufacturers-about-potential-cybersecurity-vulnerabilities-0");

        Assert.True(result.Succeeded, result.RejectionReason);
        var advisory = result.Advisory!;
        Assert.Equal("FDA Informs Patients, Providers and Manufacturers About Potential Cybersecurity Vulnerabilities in Certain Medical Devices with Bluetooth Low Energy", advisory.Title);
        Assert.Equal(new DateTimeOffset(2020, 3, 3, 5, 0, 0, TimeSpan.Zero), advisory.InitialReleaseDate);
        Assert.Equal(
            ["Texas Instruments", "NXP", "Cypress", "Dialog Semiconductors", "Microchip", "STMicroelectronics", "Telink Semiconductor"],
            advisory.VendorNames.ToArray());
        Assert.All(advisory.Products, p => Assert.Equal("", p.ProductName));
    }

    [Fact]
    public void Read_FoodRecallAnnouncement_IsRejectedAsNotADeviceItem()
    {
        var result = FdaPageReader.Read(
            Fixture.Bytes("html", "fda", "fda_recall_company_announcement_western-mixers_2026-06-16.html"),
            "https://www.fda.gov/safety/recalls-market-withdrawals-safety-alerts/western-mixers");

        Assert.False(result.Succeeded);
        Assert.Contains("not a medical-device item", result.RejectionReason, StringComparison.Ordinal);
        Assert.Contains("Food", result.RejectionReason, StringComparison.Ordinal);
    }
}
