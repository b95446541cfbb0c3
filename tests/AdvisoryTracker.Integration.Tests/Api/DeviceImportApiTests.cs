using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Xunit.Abstractions;

namespace AdvisoryTracker.Integration.Tests.Api;

public sealed class DeviceImportApiTests(AzuriteFixture azurite, MailDevFixture mail, ITestOutputHelper output) : IEmulatorTests, IAsyncLifetime
{
    private const string Header = "id,manufacturer,model,version,segment,department,contacts";
    private LocalRunner _runner = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?> { ["Api:MaxImportBytes"] = "4000000" });
        _api = new ApiClient(_runner);
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    private Task<HttpResponseMessage> ImportAsync(string csv) =>
        _api.SendAsync(HttpMethod.Post, "api/devices/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

    [Fact]
    public async Task Import_ValidFile_StoresEveryDeviceAndExportRoundTrips()
    {
        var csv = Header + "\r\n" +
            "pump-1,BD,Alaris 8015,12.1.2,in-hospital,ICU,icu.lead@example.org;icu.nurse@example.org\r\n" +
            "\"mon-1\",\"Philips\",\"IntelliVue MX800, bedside\",M.00.03,in-hospital,\"Cardiology\",cardio@example.org\n" +
            "cgm-1,Dexcom,G7,,on-body,Endocrinology,endo@example.org\n";

        var report = await _api.JsonAsync(await ImportAsync(csv));

        Assert.Equal(3, report.GetProperty("stored").GetInt32());
        var pump = await _runner.Get<IDeviceRegistry>().GetAsync("pump-1", CancellationToken.None);
        Assert.Equal(["icu.lead@example.org", "icu.nurse@example.org"], pump!.Device.Contacts);
        Assert.Equal("IntelliVue MX800, bedside", (await _runner.Get<IDeviceRegistry>().GetAsync("mon-1", CancellationToken.None))!.Device.Model);

        var export = await _api.SendAsync(HttpMethod.Get, "api/devices/export");
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var exported = await export.Content.ReadAsStringAsync();
        Assert.StartsWith(Header + ",fdaProductCode,fdaSubmissionNumber,patientCount,prescribers\r\n", exported, StringComparison.Ordinal);
        Assert.Contains("\"IntelliVue MX800, bedside\"", exported, StringComparison.Ordinal);

        // The export imports again unchanged (same ids: replaced, not duplicated).
        var again = await _api.JsonAsync(await ImportAsync(exported));
        Assert.Equal(3, again.GetProperty("stored").GetInt32());
        Assert.Equal(3, await _api.DeviceCountAsync());
    }

    [Fact]
    public async Task Import_BadLines_ReportsEachByLineAndStoresNothing()
    {
        var csv = Header + "\n" +
            "ok-1,BD,Alaris,1,in-hospital,ICU,a@example.org\n" +
            "bad-1,BD,Alaris,1,on-the-moon,ICU,a@example.org\n" +
            ",BD,Alaris,1,in-hospital,ICU,a@example.org\n" +
            "ok-1,BD,Alaris,1,in-hospital,ICU,a@example.org\n" +
            "bad-2,BD,Alaris,1,in-hospital,ICU,not-an-email\n" +
            "bad-3,BD,Alaris\n";

        var problem = await ApiClient.ProblemAsync(await ImportAsync(csv), HttpStatusCode.BadRequest, "segment");

        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(3, "segment"), (4, "id"), (5, "id"), (6, "contacts[0]"), (7, "line")], errors);
        Assert.Equal(0, await _api.DeviceCountAsync());
    }

    [Theory]
    [InlineData("id,manufacturer,model,version,segment,department,contacts,serialNumber\n", "serialNumber")]
    [InlineData("id,manufacturer,model,version,segment,department,contacts,patientName\n", "patientName")]
    [InlineData("id,manufacturer,model,version,segment,department\n", "contacts")]
    [InlineData("id,manufacturer,model,version,segment,department,contacts,id\n", "id")]
    public async Task Import_BadHeader_Returns400NamingTheColumn(string header, string field)
    {
        var problem = await ApiClient.ProblemAsync(await ImportAsync(header + "x-1,BD,Alaris,1,in-hospital,ICU,a@example.org\n"), HttpStatusCode.BadRequest, field);

        Assert.Equal(1, problem.GetProperty("line").GetInt32());
        Assert.Equal(0, await _api.DeviceCountAsync());
    }

    [Fact]
    public async Task Import_EmptyFile_Returns400ForTheHeader()
    {
        var problem = await ApiClient.ProblemAsync(await ImportAsync(""), HttpStatusCode.BadRequest, "header");

        Assert.Equal(1, problem.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Import_HeaderOnly_Returns400()
    {
        await ApiClient.ProblemAsync(await ImportAsync(Header + "\n"), HttpStatusCode.BadRequest, "body");
    }

    [Theory]
    [InlineData("x-1,\"BD,Alaris,1,in-hospital,ICU,a@example.org\n")]
    [InlineData("x-1,B\"D,Alaris,1,in-hospital,ICU,a@example.org\n")]
    public async Task Import_BrokenQuoting_Returns400WithTheLine(string line)
    {
        var problem = await ApiClient.ProblemAsync(await ImportAsync(Header + "\n" + line), HttpStatusCode.BadRequest, "line");

        Assert.Equal(2, problem.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Import_FormulaLikeValue_IsProtectedOnExportAndRestoredOnImport()
    {
        await ImportAsync(Header + "\nf-1,+Medical Co,Alaris,1,in-hospital,ICU,a@example.org\n");

        var exported = await (await _api.SendAsync(HttpMethod.Get, "api/devices/export")).Content.ReadAsStringAsync();
        Assert.Contains(",'+Medical Co,", exported, StringComparison.Ordinal);

        await ImportAsync(exported);
        Assert.Equal("+Medical Co", (await _runner.Get<IDeviceRegistry>().GetAsync("f-1", CancellationToken.None))!.Device.Manufacturer);
    }

    [Fact]
    public async Task Import_OverTheSizeCap_Returns400()
    {
        var huge = Header + "\n" + string.Concat(Enumerable.Repeat("x-1,BD,Alaris,1,in-hospital,ICU,a@example.org\n", 100_000));

        await ApiClient.ProblemAsync(await ImportAsync(huge), HttpStatusCode.BadRequest, "body");
        Assert.Equal(0, await _api.DeviceCountAsync());
    }

    [Fact]
    public async Task Import_TenThousandDevices_StoresAllAndQueuesOneBackfillForAll()
    {
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 10_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"dev-{i:D5},Vendor {i % 37},Model {i % 101},{i % 7}.0,in-hospital,Ward {i % 23},ward{i % 23}@example.org\n");
        }

        var stopwatch = Stopwatch.StartNew();
        var report = await _api.JsonAsync(await ImportAsync(csv.ToString()));
        stopwatch.Stop();
        output.WriteLine($"Imported 10,000 devices ({csv.Length / 1024} KB) in {stopwatch.Elapsed.TotalSeconds:F2} s");

        Assert.Equal(10_000, report.GetProperty("stored").GetInt32());
        Assert.Equal(10_000, await _api.DeviceCountAsync());
        var queued = await _runner.Get<IDeviceBackfillQueue>().PeekAsync(32, CancellationToken.None);
        Assert.Equal([DeviceBackfillService.AllDevicesMarker], queued.Select(q => q.DeviceId));
    }

    [Fact]
    public async Task Import_StorageFailsPartWay_ReportsWhatWasStoredAndTheFirstLineNot()
    {
        var devices = Enumerable.Range(0, 250)
            .Select(i => (Line: i + 2, Device: new Domain.Devices.Device { Id = $"p-{i:D3}", Manufacturer = "BD", Model = "Alaris", Department = "ICU", Contacts = ["a@example.org"] }))
            .ToList();
        // A batch holding two rows with the same key is refused by storage as a whole: the third batch (lines 202-251).
        devices[230] = (devices[230].Line, devices[229].Device);

        var result = await _runner.Get<DeviceAdministrationService>().ImportAsync(devices, CancellationToken.None);

        Assert.Equal(200, result.Stored);
        Assert.Equal(202, result.FirstLineNotStored);
        Assert.NotNull(result.StorageError);
        Assert.Equal(200, await _api.DeviceCountAsync());
    }
}
