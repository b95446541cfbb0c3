using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>The exposure overview, in headless Chromium against the local runner on Azurite.</summary>
[Collection(ConsoleCollection.DesktopAccessibility)]
public sealed class OverviewTests(AzuriteFixture azurite, ChromiumFixture chromium, SharedConsoleFixture shared)
{
    [Fact]
    public async Task Overview_SaysHowManyPatientsUseAffectedDevices_PerSegmentAndDepartment_CountingOnlyDevicesWithOpenMatches()
    {
        await using var host = await ConsoleHost.StartAsync(azurite);
        // minimed-remote (on-body, Diabetes Clinic) and biodose-nm (in-hospital, Nuclear Medicine) have open matches;
        // alaris-pcu (in-hospital, Intensive Care) has one but no count; dicom-viewer (community) has a count but no match.
        await SetPatientCountAsync(host, "minimed-remote", "14");
        await SetPatientCountAsync(host, "biodose-nm", "3");
        await SetPatientCountAsync(host, "dicom-viewer", "50");
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host);

        await page.GotoAsync(host.Url("/"));

        Assert.Equal("17 patients use affected devices", Normalise(await page.Locator("#patients-card").InnerTextAsync()));
        Assert.Equal("14 patients use affected devices", await PatientsCellAsync(page, "tr[data-segment='on-body']"));
        Assert.Equal("3 patients use affected devices (no count for 1 more device model)", await PatientsCellAsync(page, "tr[data-segment='in-hospital']"));
        Assert.Equal("—", await PatientsCellAsync(page, "tr[data-segment='community']"));
        Assert.Equal("14 patients use affected devices", await PatientsCellAsync(page, "tr[data-department='Diabetes Clinic']"));
        Assert.Equal("3 patients use affected devices", await PatientsCellAsync(page, "tr[data-department='Nuclear Medicine']"));
        Assert.Equal("—", await PatientsCellAsync(page, "tr[data-department='Intensive Care']"));
    }

    [Fact]
    public async Task Overview_WithoutAnyPatientCount_ShowsNoPatientCard()
    {
        var host = await shared.ReadOnlyHostAsync(azurite);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host);

        await page.GotoAsync(host.Url("/"));

        Assert.Equal(0, await page.Locator("#patients-card").CountAsync());
        Assert.Equal("—", await PatientsCellAsync(page, "tr[data-segment='on-body']"));
    }

    private static async Task SetPatientCountAsync(ConsoleHost host, string deviceId, string count) =>
        Assert.Equal(DeviceWriteOutcome.Done, await host.SetPatientCountAsync(deviceId, count));

    private static async Task<string> PatientsCellAsync(Microsoft.Playwright.IPage page, string row) =>
        Normalise(await page.Locator($"{row} td.patients").InnerTextAsync());

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
