using AdvisoryTracker.Cli.Commands;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using static AdvisoryTracker.Integration.Tests.Notifications.PreferencesAndDigestTests;

namespace AdvisoryTracker.Integration.Tests.Cli;

/// <summary>
/// <c>ingest --from</c> and <c>backfill</c> in-process against the real runner's storage: the long work reports its
/// progress on stderr (plain lines when not on a terminal) and its results on stdout.
/// </summary>
public sealed class IngestAndBackfillCommandTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    private static readonly string SampleAdvisories = Path.Combine(RepositoryPaths.Root, "infra", "sample-advisories");

    [Fact]
    public async Task Ingest_FromFolder_StoresTheDocuments_WithOneResultLinePerSourceAndProgressOnStderr()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var expected = Directory.GetFiles(SampleAdvisories, "*.json").Length;

        var (code, stdout, stderr) = await RunAsync(new IngestCommand(Settings(runner)), "--from", SampleAdvisories);

        Assert.True(code == 0, stderr);
        var result = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"cli-folder: succeeded, {expected} stored, 0 rejected, ", result, StringComparison.Ordinal);
        var progress = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("ingest: [1/1] cli-folder…", progress);
        Assert.DoesNotContain('\r', stderr);
        var stored = 0;
        await foreach (var _ in runner.Get<IAdvisoryStore>().ListAllAsync(CancellationToken.None))
        {
            stored++;
        }

        Assert.Equal(expected, stored);
    }

    [Fact]
    public async Task Ingest_UnknownSourceOrMissingFolder_FailsWithItsCode()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);

        var unknown = await RunAsync(new IngestCommand(Settings(runner)), "--source", "no-such-source");
        var missing = await RunAsync(new IngestCommand(Settings(runner)), "--from", "/nonexistent/advisories");

        Assert.Equal(2, unknown.Code);
        Assert.Contains("no source named 'no-such-source'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, missing.Code);
        Assert.Contains("folder '/nonexistent/advisories' does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal("", unknown.Stdout + missing.Stdout);
    }

    [Fact]
    public async Task Backfill_AfterAnImport_MatchesTheQueuedDevicesNow_AndEmptiesTheQueue()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        Assert.Equal(0, (await RunAsync(new IngestCommand(Settings(runner)), "--from", SampleAdvisories)).Code);
        var import = await RunAsync(new DevicesCommand(Settings(runner)), "import", "--file", RepositoryPaths.Fixture("inventory", "devices.csv"));
        Assert.True(import.Code == 0, import.Stderr);
        // (Not peeked here: a peek of the Storage queue hides the entry from the backfill for its visibility timeout.)
        Assert.Contains("devices import: storing 329 device(s)…", import.Stderr, StringComparison.Ordinal);

        var (code, stdout, stderr) = await RunAsync(new BackfillCommand(Settings(runner)));

        Assert.True(code == 0, stderr);
        Assert.Equal("1", stdout.Trim());
        Assert.Contains("backfill: 1 queue entry done", stderr, StringComparison.Ordinal);
        Assert.Empty(await runner.Get<IDeviceBackfillQueue>().PeekAsync(32, CancellationToken.None));
        var matched = 0;
        await foreach (var device in runner.Get<IDeviceRegistry>().ListAllAsync(CancellationToken.None))
        {
            matched += (await runner.Get<IMatchStore>().GetForDeviceAsync(device.Id, CancellationToken.None)).Count;
        }

        Assert.True(matched > 0, "the sample advisories match some fixture devices");
    }
}
