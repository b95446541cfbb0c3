using AdvisoryTracker.Cli.Commands;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Integration.Tests.Api;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using static AdvisoryTracker.Integration.Tests.Notifications.PreferencesAndDigestTests;

namespace AdvisoryTracker.Integration.Tests.Cli;

/// <summary><c>devices import|export</c> run in-process against the real runner's storage (unique name prefix per test).</summary>
public sealed class DevicesCommandTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests, IAsyncLifetime
{
    private static readonly string Inventory = RepositoryPaths.Fixture("inventory", "devices.csv");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "devices-cli-" + Guid.NewGuid().ToString("N")[..8]);
    private LocalRunner _runner = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _runner = await LocalRunner.StartAsync(azurite, mail);
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private DevicesCommand Command() => new(Settings(_runner));

    [Fact]
    public async Task Import_FixtureInventory_StoresEveryDeviceAndExportGivesTheSameRows()
    {
        var import = await RunAsync(Command(), "import", "--file", Inventory);

        Assert.True(import.Code == 0, import.Stderr);
        Assert.Equal("329", import.Stdout.Trim());
        Assert.Equal(329, (await StoredIdsAsync()).Count);
        var queued = await _runner.Get<IDeviceBackfillQueue>().PeekAsync(32, CancellationToken.None);
        Assert.Equal([DeviceBackfillService.AllDevicesMarker], queued.Select(q => q.DeviceId));

        var exportFile = Path.Combine(_folder, "export.csv");
        var export = await RunAsync(Command(), "export", "--file", exportFile);
        Assert.True(export.Code == 0, export.Stderr);
        Assert.Equal("", export.Stdout);

        var original = DeviceCsv.Parse(await File.ReadAllTextAsync(Inventory));
        var exported = DeviceCsv.Parse(await File.ReadAllTextAsync(exportFile));
        Assert.True(original.Succeeded && exported.Succeeded, string.Join("\n", original.Errors.Concat(exported.Errors)));
        Assert.Equal(329, exported.Devices.Count);
        Assert.Equal(original.Devices.Select(Row).Order(StringComparer.Ordinal), exported.Devices.Select(Row).Order(StringComparer.Ordinal));

        // The CLI and the API export the same text; importing the export again replaces rather than duplicates.
        var toStdout = await RunAsync(Command(), "export");
        var api = await (await new ApiClient(_runner).SendAsync(HttpMethod.Get, "api/devices/export")).Content.ReadAsStringAsync();
        Assert.Equal(api, toStdout.Stdout);
        var again = await RunAsync(Command(), "import", "--file", exportFile);
        Assert.Equal("329", again.Stdout.Trim());
        Assert.Equal(329, (await StoredIdsAsync()).Count);
    }

    [Fact]
    public async Task Import_CorruptedInventory_ListsEveryBadLineOnStderrAndStoresNothing()
    {
        var lines = (await File.ReadAllLinesAsync(Inventory)).ToList();
        lines[4] = lines[4].Replace(",in-hospital,", ",on-the-moon,", StringComparison.Ordinal); // line 5
        lines[9] = string.Join(',', lines[9].Split(',')[..6]) + ",not-an-email";            // line 10
        lines[19] = string.Join(',', lines[19].Split(',')[..3]);                             // line 20
        lines[29] = lines[1];                                                                // line 30: id of line 2 again
        Assert.Contains("on-the-moon", lines[4], StringComparison.Ordinal);
        var file = Path.Combine(_folder, "bad.csv");
        await File.WriteAllLinesAsync(file, lines);

        var (code, stdout, stderr) = await RunAsync(Command(), "import", "--file", file);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        var reported = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Collection(reported,
            l => Assert.EndsWith("line 5: segment must be one of on-body, in-home, community, in-clinic, in-hospital", l, StringComparison.Ordinal),
            l => Assert.EndsWith("line 10: contacts[0] is not a valid email address", l, StringComparison.Ordinal),
            l => Assert.EndsWith("line 20: has 3 fields; the header has 7 (quote values that contain commas)", l, StringComparison.Ordinal),
            l => Assert.EndsWith("line 30: id 'd-0001' is already on line 2", l, StringComparison.Ordinal),
            l => Assert.Equal("devices import: 4 problem(s); nothing was stored", l));
        Assert.Empty(await StoredIdsAsync());
        Assert.Empty(await _runner.Get<IDeviceBackfillQueue>().PeekAsync(32, CancellationToken.None));
    }

    [Fact]
    public async Task Import_BadHeaderOrQuoting_NamesTheLineAndStoresNothing()
    {
        var header = Path.Combine(_folder, "header.csv");
        await File.WriteAllTextAsync(header, "id,manufacturer,model,version,segment,department,contacts,serialNumber\nx-1,BD,Alaris,1,in-hospital,ICU,a@example.org,SN1\n");
        var quoting = Path.Combine(_folder, "quoting.csv");
        await File.WriteAllTextAsync(quoting, "id,manufacturer,model,version,segment,department,contacts\nx-1,BD,Alaris,1,in-hospital,ICU,a@example.org\nx-2,\"BD,Alaris,1,in-hospital,ICU,a@example.org\n");

        var badHeader = await RunAsync(Command(), "import", "--file", header);
        var badQuoting = await RunAsync(Command(), "import", "--file", quoting);

        Assert.Equal(1, badHeader.Code);
        Assert.Contains("line 1: serialNumber is not an accepted column", badHeader.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badQuoting.Code);
        Assert.Contains("line 3: a quoted value is not closed", badQuoting.Stderr, StringComparison.Ordinal);
        Assert.Empty(await StoredIdsAsync());
    }

    [Theory]
    [InlineData(new[] { "import" }, 2, "--file is required")]
    [InlineData(new[] { "delete", "--file", "x.csv" }, 2, "usage: devices import")]
    [InlineData(new[] { "export", "--to", "x.csv" }, 2, "unknown option '--to'")]
    [InlineData(new[] { "import", "--file", "/nonexistent/devices.csv" }, 3, "cannot read '/nonexistent/devices.csv'")]
    public async Task Run_BadArguments_FailsWithAReason(string[] args, int expectedCode, string reason)
    {
        var (code, stdout, stderr) = await RunAsync(Command(), args);

        Assert.Equal(expectedCode, code);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    private static string Row(Device d) =>
        string.Join('|', d.Id, d.Manufacturer, d.Model, d.Version, d.Segment.ToName(), d.Department, string.Join(';', d.Contacts), d.FdaProductCode, d.FdaSubmissionNumber);

    private async Task<List<string>> StoredIdsAsync()
    {
        var ids = new List<string>();
        await foreach (var device in _runner.Get<IDeviceRegistry>().ListAllAsync(CancellationToken.None))
        {
            ids.Add(device.Id);
        }

        return ids;
    }
}
