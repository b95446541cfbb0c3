using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AdvisoryTracker.Adapters.Sources.Csaf;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.TestInfrastructure.Http;

namespace AdvisoryTracker.Integration.Tests.Csaf;

/// <summary>CISA's real distribution tree served over loopback HTTP and ingested through the real client.</summary>
public sealed class CsafFeedIngestionTests
{
    [Fact]
    public async Task Sync_RealCisaFeed_IngestsOnceThenNothingThenExactlyTheNewRevision()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var tree = CsafDistributionTree.Build(server.BaseAddress);
        server.ServeFolder(tree.Root);
        // Signatures are verified in the directory and failure tests; this source has no keys, so it fetches no .asc
        // and the revised document (which we cannot sign as CISA) is accepted on its SHA-512 alone.
        var options = CsafSourceTestHost.Feed(server.BaseAddress, requireSignatures: false);
        options.PublicKeyFiles.Clear();
        using var host = new CsafSourceTestHost([options]);
        var runner = host.Runner();

        // First run: every document, verified against CISA's real key.
        var first = Assert.Single(await runner.RunAsync(force: true, null, CancellationToken.None));
        Assert.Equal(SourceSyncStatus.Succeeded, first.Status);
        Assert.Equal(144, tree.DocumentPaths.Count);
        Assert.Equal(144, host.Sink.Writes);
        Assert.Empty(host.Sink.Rejections);
        Assert.Equal(144, host.Sink.Current.Count);
        Assert.Equal(144, server.Requests.Count(r => r.Path.EndsWith(".json.sha512", StringComparison.Ordinal)));

        // Second run: the feed answers 304, nothing is fetched or written.
        host.Sink.Clear();
        server.ClearRequests();
        Assert.Equal(SourceSyncStatus.Succeeded, Assert.Single(await runner.RunAsync(true, null, CancellationToken.None)).Status);
        Assert.Equal(0, host.Sink.Writes);
        Assert.Empty(host.Sink.Stores);
        var feedRequest = Assert.Single(server.Requests);
        Assert.NotEmpty(feedRequest.IfNoneMatch);

        // A newer revision of one advisory: exactly that document is fetched and stored as a revision.
        var path = tree.DocumentPaths.Single(p => p.EndsWith("icsma-24-163-01.json", StringComparison.Ordinal));
        var document = JsonNode.Parse(File.ReadAllBytes(tree.FullPath(path)))!;
        document["document"]!["tracking"]!["version"] = "99";
        var revised = System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());
        File.WriteAllBytes(tree.FullPath(path), revised);
        File.WriteAllText(tree.FullPath(path + ".sha512"), Convert.ToHexStringLower(SHA512.HashData(revised)) + "  icsma-24-163-01.json");
        var feed = tree.ReadFeed();
        var entry = feed["feed"]!["entry"]!.AsArray().Single(e => e!["id"]!.GetValue<string>() == "ICSMA-24-163-01")!;
        entry["updated"] = "2026-01-01T00:00:00Z";
        tree.WriteFeed(feed);
        host.Sink.Clear();
        server.ClearRequests();

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
        using var host = new CsafSourceTestHost([options]);
        var runner = host.Runner();

        await runner.RunAsync(true, null, CancellationToken.None);
        Assert.Equal(tree.DocumentPaths.Count, host.Sink.Current.Count);
        Assert.Empty(host.Sink.Rejections);

        host.Sink.Clear();
        server.ClearRequests();
        await runner.RunAsync(true, null, CancellationToken.None);
        Assert.Equal(0, host.Sink.Writes);
        Assert.Equal(["/" + CsafDistributionTree.DirectoryPath + "changes.csv"], server.Requests.Select(r => r.Path));
    }
}
