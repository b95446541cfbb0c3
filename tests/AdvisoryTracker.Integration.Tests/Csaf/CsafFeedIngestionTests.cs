using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AdvisoryTracker.Adapters.Sources.Csaf;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using AdvisoryTracker.TestInfrastructure.Http;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;

namespace AdvisoryTracker.Integration.Tests.Csaf;

/// <summary>
/// CISA's real distribution tree served over loopback HTTP and ingested through the real client, with the source
/// state in the real <see cref="TableSourceStateStore"/> on Azurite (saves counted: a sync with nothing new writes nothing).
/// </summary>
public sealed class CsafFeedIngestionTests(AzuriteFixture azurite) : IEmulatorTests
{
    [Fact]
    public async Task Sync_RealCisaFeed_IngestsOnceThenNothingThenExactlyTheNewRevision()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var tree = CsafDistributionTree.Build(server.BaseAddress);
        server.ServeFolder(tree.Root);
        // CISA's key is configured, signatures are not required: every real document is verified, and the revised
        // one (which we cannot sign as CISA, so its .asc is removed) is accepted as unsigned on its SHA-512.
        var options = CsafSourceTestHost.Feed(server.BaseAddress, requireSignatures: false);
        var (table, states) = StateTable();
        using var host = new CsafSourceTestHost([options], states);
        var runner = host.Runner();

        // First run: every document, verified against CISA's real key.
        var first = Assert.Single(await runner.RunAsync(force: true, null, CancellationToken.None));
        Assert.Equal(SourceSyncStatus.Succeeded, first.Status);
        Assert.Equal(144, tree.DocumentPaths.Count);
        Assert.Equal(144, host.Sink.Writes);
        Assert.Empty(host.Sink.Rejections);
        Assert.Equal(144, host.Sink.Current.Count);
        Assert.Equal(144, server.Requests.Count(r => r.Path.EndsWith(".json.sha512", StringComparison.Ordinal)));
        Assert.Equal(144, server.Requests.Count(r => r.Path.EndsWith(".json.asc", StringComparison.Ordinal)));
        Assert.Equal(1, states.Saves);
        var entityBefore = await ReadEntityAsync(table, "cisa-test");

        // Second run: the feed answers 304, nothing is fetched or written: no advisory, no rejection, no state row.
        host.Sink.Clear();
        server.ClearRequests();
        states.ResetCount();
        Assert.Equal(SourceSyncStatus.Succeeded, Assert.Single(await runner.RunAsync(true, null, CancellationToken.None)).Status);
        Assert.Equal(0, host.Sink.Writes);
        Assert.Empty(host.Sink.Stores);
        var feedRequest = Assert.Single(server.Requests);
        Assert.NotEmpty(feedRequest.IfNoneMatch);
        Assert.Equal(0, states.Saves);
        var entityAfter = await ReadEntityAsync(table, "cisa-test");
        Assert.Equal((entityBefore.ETag, entityBefore.Timestamp), (entityAfter.ETag, entityAfter.Timestamp));

        // A newer revision of one advisory: exactly that document is fetched and stored as a revision.
        var path = tree.DocumentPaths.Single(p => p.EndsWith("icsma-24-163-01.json", StringComparison.Ordinal));
        var document = JsonNode.Parse(File.ReadAllBytes(tree.FullPath(path)))!;
        document["document"]!["tracking"]!["version"] = "99";
        var revised = System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());
        File.WriteAllBytes(tree.FullPath(path), revised);
        File.WriteAllText(tree.FullPath(path + ".sha512"), Convert.ToHexStringLower(SHA512.HashData(revised)) + "  icsma-24-163-01.json");
        File.Delete(tree.FullPath(path + ".asc")); // CISA's signature covers the old bytes; the revision is published unsigned
        var feed = tree.ReadFeed();
        var entry = feed["feed"]!["entry"]!.AsArray().Single(e => e!["id"]!.GetValue<string>() == "ICSMA-24-163-01")!;
        entry["updated"] = "2026-01-01T00:00:00Z";
        tree.WriteFeed(feed);
        host.Sink.Clear();
        server.ClearRequests();
        states.ResetCount();

        var third = Assert.Single(await runner.RunAsync(true, null, CancellationToken.None));
        Assert.Equal(SourceSyncStatus.Succeeded, third.Status);
        var fetched = server.Requests.Where(r => r.Path.EndsWith(".json", StringComparison.Ordinal) && !r.Path.EndsWith("feed-tlp-white.json", StringComparison.Ordinal)).ToList();
        Assert.Equal("/" + path, Assert.Single(fetched).Path);
        Assert.Empty(host.Sink.Rejections);
        var store = Assert.Single(host.Sink.Stores);
        Assert.Equal(("ICSMA-24-163-01", "99", AdvisoryStoreOutcome.Revised), (store.Advisory.Id, store.Advisory.Revision, store.Outcome));
        var state = await host.States.GetAsync("cisa-test", CancellationToken.None);
        Assert.Equal("2026-01-01T00:00:00.0000000Z", state.Cursor);
        Assert.Equal(145, state.DocumentsStored); // 144 created + 1 revised
        Assert.Equal(1, states.Saves);
        Assert.Contains(server.Requests, r => r.Path == "/" + path + ".asc"); // asked, answered 404: treated as unsigned
    }

    [Fact]
    public async Task Sync_DirectoryListing_UsesChangesCsvAndIsIncremental()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var tree = CsafDistributionTree.Build(server.BaseAddress, name => name.StartsWith("icsma-24", StringComparison.Ordinal));
        server.ServeFolder(tree.Root);
        var options = new CsafSourceOptions
        {
            Name = "cisa-directory",
            Kind = CsafSourceKind.Directory,
            Location = new Uri(server.BaseAddress, CsafDistributionTree.DirectoryPath).AbsoluteUri,
            RequireSignatures = true,
            PublicKeyFiles = [CsafDistributionTree.CisaKeyFile],
            DocumentIdPrefixes = ["ICSMA-"],
        };
        var (table, states) = StateTable();
        using var host = new CsafSourceTestHost([options], states);
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var runner = host.Runner(time);

        await runner.RunAsync(true, null, CancellationToken.None);
        Assert.Equal(tree.DocumentPaths.Count, host.Sink.Current.Count);
        Assert.Empty(host.Sink.Rejections);
        Assert.Equal(1, states.Saves);
        var firstSuccess = (await states.GetAsync("cisa-directory", CancellationToken.None)).LastSuccess;

        // Nothing new, within the heartbeat: one conditional GET, no writes anywhere.
        host.Sink.Clear();
        server.ClearRequests();
        states.ResetCount();
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(SourceSyncStatus.Succeeded, Assert.Single(await runner.RunAsync(true, null, CancellationToken.None)).Status);
        Assert.Equal(0, host.Sink.Writes);
        Assert.Equal(["/" + CsafDistributionTree.DirectoryPath + "changes.csv"], server.Requests.Select(r => r.Path));
        Assert.Equal(0, states.Saves);
        Assert.Equal(firstSuccess, (await states.GetAsync("cisa-directory", CancellationToken.None)).LastSuccess);

        // Still nothing new, but the stored LastSuccess is now older than the 1-hour heartbeat: exactly one save,
        // so the health endpoint never reports a quiet, healthy source as stale.
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(SourceSyncStatus.Succeeded, Assert.Single(await runner.RunAsync(true, null, CancellationToken.None)).Status);
        Assert.Equal(0, host.Sink.Writes);
        Assert.Equal(1, states.Saves);
        var entity = await ReadEntityAsync(table, "cisa-directory");
        Assert.Equal(time.GetUtcNow(), entity.GetDateTimeOffset("LastSuccess"));
        Assert.Equal(tree.DocumentPaths.Count, entity.GetInt64("DocumentsStored"));
    }

    [Fact]
    public async Task Sync_ThrottledSourceWithNothingNew_StillSavesItsSchedule()
    {
        // A source with MinimumInterval is run when its stored LastAttempt says so; skipping that save would run it
        // on every timer tick. So a throttled source saves after every run it was due for, even with nothing new.
        await using var server = await LoopbackHttpServer.StartAsync();
        using var tree = CsafDistributionTree.Build(server.BaseAddress, name => name.StartsWith("icsma-24", StringComparison.Ordinal));
        var options = new CsafSourceOptions
        {
            Name = "throttled-folder",
            Kind = CsafSourceKind.Folder,
            Location = tree.Root,
            RequireSignatures = true,
            PublicKeyFiles = [CsafDistributionTree.CisaKeyFile],
            MinimumInterval = TimeSpan.FromMinutes(10),
        };
        var (_, states) = StateTable();
        using var host = new CsafSourceTestHost([options], states);
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var runner = host.Runner(time);

        Assert.Equal(SourceSyncStatus.Succeeded, Assert.Single(await runner.RunAsync(false, null, CancellationToken.None)).Status);
        Assert.Equal(tree.DocumentPaths.Count, host.Sink.Current.Count);
        Assert.Equal(1, states.Saves);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(SourceSyncStatus.NotDue, Assert.Single(await runner.RunAsync(false, null, CancellationToken.None)).Status);
        time.Advance(TimeSpan.FromMinutes(6));
        host.Sink.Clear();
        Assert.Equal(SourceSyncStatus.Succeeded, Assert.Single(await runner.RunAsync(false, null, CancellationToken.None)).Status);
        Assert.Equal(0, host.Sink.Writes);
        Assert.Equal(2, states.Saves);
        Assert.Equal(time.GetUtcNow(), (await states.GetAsync("throttled-folder", CancellationToken.None)).LastAttempt);

        // The schedule holds: 5 minutes later the source is not due again.
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(SourceSyncStatus.NotDue, Assert.Single(await runner.RunAsync(false, null, CancellationToken.None)).Status);
        Assert.Equal(2, states.Saves);
    }

    private (TableClient Table, CountingSourceStateStore States) StateTable()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(AzuriteFixture.UniqueName("csafstate"));
        return (table, new CountingSourceStateStore(new TableSourceStateStore(table)));
    }

    private static async Task<TableEntity> ReadEntityAsync(TableClient table, string sourceName) =>
        (await table.GetEntityAsync<TableEntity>(TableSourceStateStore.PartitionKey, sourceName)).Value;
}
