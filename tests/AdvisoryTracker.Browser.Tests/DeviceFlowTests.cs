using System.Text;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Microsoft.Playwright;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>Registering and importing devices in the console, in headless Chromium against the local runner on Azurite.</summary>
[Collection(ConsoleCollection.DevicesAndTriage)]
public sealed class DeviceFlowTests(AzuriteFixture azurite, ChromiumFixture chromium, SharedConsoleFixture shared)
{
    private const string Header = "id,manufacturer,model,version,segment,department,contacts";

    [Fact]
    public async Task RegisterDevice_WithABadEmail_ShowsTheFieldError_AndSavesOnceFixed()
    {
        await using var host = await ConsoleHost.StartAsync(azurite, seedDevices: false);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host);

        await page.GotoAsync(host.Url("/devices/new"));
        await ConsolePages.FillDeviceFormAsync(page, new()
        {
            Id = "pump-7", Manufacturer = "Baxter", Model = "Spectrum IQ", Version = "9.1", Segment = "in-hospital", Department = "Oncology", Contacts = ["not-an-email"],
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Register device" }).ClickAsync();

        Assert.Contains("is not a valid email address", await page.Locator("#e-contacts").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.Locator("#f-contacts").GetAttributeAsync("aria-invalid"));
        Assert.True(await page.Locator("#error-summary").IsVisibleAsync());
        Assert.Equal("Baxter", await page.Locator("#f-manufacturer").InputValueAsync());
        Assert.Null(await page.Locator("#f-manufacturer").GetAttributeAsync("aria-invalid"));
        Assert.Null(await host.Get<IDeviceRegistry>().GetAsync("pump-7", CancellationToken.None));

        await page.Locator("#f-contacts").FillAsync("oncology@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register device" }).ClickAsync();

        await page.WaitForURLAsync(host.Url("/devices/pump-7?done=registered"));
        Assert.Contains("Device registered", await page.Locator("[role=status]").InnerTextAsync(), StringComparison.Ordinal);
        var stored = await host.Get<IDeviceRegistry>().GetAsync("pump-7", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(["oncology@example.org"], stored.Device.Contacts);
        Assert.Equal("9.1", stored.Device.Version);
    }

    [Fact]
    public async Task EditDevice_PatientCountAndPrescribers_ShowFieldErrors_ThenAreSaved_AndSurviveTheNextEdit()
    {
        await using var host = await ConsoleHost.StartAsync(azurite);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host);
        var registry = host.Get<IDeviceRegistry>();

        await page.GotoAsync(host.Url("/devices/minimed-remote"));
        Assert.Equal("", await page.Locator("#f-patientCount").InputValueAsync());
        await ConsolePages.FillDeviceFormAsync(page, new() { PatientCount = "-3", Prescribers = ["dr.lee@example.org", "not-an-email"] });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        Assert.Contains("must be a whole number", await page.Locator("#e-patientCount").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("is not a valid email address", await page.Locator("#e-prescribers").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.Locator("#f-patientCount").GetAttributeAsync("aria-invalid"));
        Assert.Equal("true", await page.Locator("#f-prescribers").GetAttributeAsync("aria-invalid"));
        Assert.Null(await page.Locator("#f-contacts").GetAttributeAsync("aria-invalid"));
        Assert.Equal("-3", await page.Locator("#f-patientCount").InputValueAsync());
        var unchanged = (await registry.GetAsync("minimed-remote", CancellationToken.None))!.Device;
        Assert.Null(unchanged.PatientCount);
        Assert.Empty(unchanged.Prescribers);

        await ConsolePages.FillDeviceFormAsync(page, new() { PatientCount = "14", Prescribers = ["dr.lee@example.org", "dr.kim@example.org"] });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await page.WaitForURLAsync(host.Url("/devices/minimed-remote?done=saved"));

        var saved = (await registry.GetAsync("minimed-remote", CancellationToken.None))!.Device;
        Assert.Equal(14, saved.PatientCount);
        Assert.Equal(["dr.lee@example.org", "dr.kim@example.org"], saved.Prescribers);
        Assert.Equal("14", await page.Locator("#f-patientCount").InputValueAsync());
        Assert.Equal("dr.lee@example.org\ndr.kim@example.org", await page.Locator("#f-prescribers").InputValueAsync());

        // Another edit (a new department) keeps the count and the prescribers.
        await page.Locator("#f-department").FillAsync("Endocrinology");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await page.WaitForURLAsync(host.Url("/devices/minimed-remote?done=saved"));

        var edited = (await registry.GetAsync("minimed-remote", CancellationToken.None))!.Device;
        Assert.Equal("Endocrinology", edited.Department);
        Assert.Equal(14, edited.PatientCount);
        Assert.Equal(["dr.lee@example.org", "dr.kim@example.org"], edited.Prescribers);
        Assert.Equal(["diabetes@example.org"], edited.Contacts);
    }

    [Fact]
    public async Task ImportCsv_WithOneBadLine_PreviewListsIt_AndNothingIsWrittenUntilConfirmed()
    {
        await using var host = await ConsoleHost.StartAsync(azurite, seedDevices: false);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host);

        var bad = $"{Header},patientCount\nimp-1,Baxter,Sigma Spectrum,8.0,in-hospital,ICU,icu@example.org,12\nimp-2,Philips,IntelliVue MX800,,on-the-moon,ICU,icu@example.org,\nimp-3,Mirion Medical,EC2 Software NMIS BioDose,22.02,in-hospital,Nuclear Medicine,nm@example.org,\n";
        await page.GotoAsync(host.Url("/devices/import"));
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "devices.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(bad) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview import" }).ClickAsync();

        Assert.Contains("nothing was imported", await page.Locator("#import-errors").InnerTextAsync(), StringComparison.Ordinal);
        var errorRow = page.Locator("table tbody tr").Filter(new() { HasText = "segment" });
        Assert.Equal(1, await errorRow.CountAsync());
        Assert.StartsWith("3", (await errorRow.Locator("td").First.InnerTextAsync()).Trim(), StringComparison.Ordinal);
        Assert.Equal(0, await CountDevicesAsync(host));

        await page.Locator("#csv").FillAsync(bad.Replace("on-the-moon", "in-hospital", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview import" }).ClickAsync();

        Assert.Contains("Preview: 3 devices, nothing stored yet", await page.Locator("h2#pv-h").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(3, await page.Locator(".preview tbody tr").CountAsync());
        Assert.Equal("12", (await page.Locator(".preview tbody tr").Filter(new() { HasText = "imp-1" }).Locator("td").Nth(7).InnerTextAsync()).Trim());
        Assert.Equal(0, await CountDevicesAsync(host));

        await page.GetByRole(AriaRole.Button, new() { Name = "Import 3 devices" }).ClickAsync();

        await page.WaitForURLAsync(host.Url("/devices?done=imported"));
        Assert.Equal(3, await CountDevicesAsync(host));
        Assert.Equal(1, await page.Locator("table tbody tr").Filter(new() { HasText = "imp-2" }).CountAsync());
        Assert.Equal(12, (await host.Get<IDeviceRegistry>().GetAsync("imp-1", CancellationToken.None))!.Device.PatientCount);
    }

    [Fact]
    public async Task Export_DownloadsTheRegistryAsCsv()
    {
        var host = await shared.ReadOnlyHostAsync(azurite);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host);
        await page.GotoAsync(host.Url("/devices"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        var path = await download.PathAsync();
        var lines = await File.ReadAllLinesAsync(path);

        Assert.Equal("devices.csv", download.SuggestedFilename);
        Assert.StartsWith(Header, lines[0], StringComparison.Ordinal);
        Assert.Equal(ConsoleHost.SeedDevices.Count, lines.Skip(1).Count(l => l.Length > 0));
        Assert.Contains(lines, l => l.StartsWith("biodose-nm,Mirion Medical,", StringComparison.Ordinal));
    }

    private static async Task<int> CountDevicesAsync(ConsoleHost host)
    {
        var count = 0;
        await foreach (var _ in host.Get<IDeviceRegistry>().ListAllAsync(CancellationToken.None))
        {
            count++;
        }

        return count;
    }
}
