using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.TestInfrastructure.Http;

namespace AdvisoryTracker.Integration.Tests.Csaf;

/// <summary>
/// CISA's key is configured and one document's <c>.asc</c> is missing (the server answers 404). The document is
/// unsigned, not "badly signed": accepted when the source does not require signatures, rejected with that reason when it does.
/// </summary>
public sealed class CsafMissingSignatureTests
{
    private const string Victim = "icsma-24-163-01.json";
    private const string NewestCursor = "2025-01-28T07:00:00.0000000Z"; // icsma-24-352-01, the newest 2024 entry

    [Fact]
    public async Task Sync_KeysConfiguredSignatureMissingNotRequired_StoresTheDocument()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var tree = TreeWithoutVictimSignature(server, out var victimPath);
        using var host = new CsafSourceTestHost([CsafSourceTestHost.Feed(server.BaseAddress, requireSignatures: false)]);

        var report = Assert.Single(await host.Runner().RunAsync(true, null, CancellationToken.None));

        Assert.True(report.Status == SourceSyncStatus.Succeeded, report.Error);
        Assert.Empty(host.Sink.Rejections);
        Assert.Equal(tree.DocumentPaths.Count, host.Sink.Current.Count);
        Assert.Contains("ICSMA-24-163-01", host.Sink.Current.Keys);
        Assert.Contains(server.Requests, r => r.Path == victimPath + ".asc");
        var state = await host.States.GetAsync("cisa-test", CancellationToken.None);
        Assert.Equal((NewestCursor, 0L, (long)tree.DocumentPaths.Count), (state.Cursor, state.DocumentsRejected, state.DocumentsStored));
    }

    [Fact]
    public async Task Sync_KeysConfiguredSignatureMissingRequired_RejectsWithReasonAndMovesOn()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var tree = TreeWithoutVictimSignature(server, out var victimPath);
        using var host = new CsafSourceTestHost([CsafSourceTestHost.Feed(server.BaseAddress, requireSignatures: true)]);

        var report = Assert.Single(await host.Runner().RunAsync(true, null, CancellationToken.None));

        Assert.Equal(SourceSyncStatus.Succeeded, report.Status);
        var rejection = Assert.Single(host.Sink.Rejections);
        Assert.EndsWith(victimPath, rejection.Reference, StringComparison.Ordinal);
        Assert.Equal("no OpenPGP signature (.asc) is published for the document and source cisa-test requires one", rejection.Reason);
        Assert.DoesNotContain("ICSMA-24-163-01", host.Sink.Current.Keys);
        Assert.Equal(tree.DocumentPaths.Count - 1, host.Sink.Current.Count);
        var state = await host.States.GetAsync("cisa-test", CancellationToken.None);
        Assert.Equal((NewestCursor, 1L, 0), (state.Cursor, state.DocumentsRejected, state.ConsecutiveFailures));
    }

    private static CsafDistributionTree TreeWithoutVictimSignature(LoopbackHttpServer server, out string victimPath)
    {
        var tree = CsafDistributionTree.Build(server.BaseAddress, name => name.StartsWith("icsma-24", StringComparison.Ordinal));
        server.ServeFolder(tree.Root);
        var relative = tree.DocumentPaths.Single(p => p.EndsWith(Victim, StringComparison.Ordinal));
        File.Delete(tree.FullPath(relative + ".asc"));
        victimPath = "/" + relative;
        return tree;
    }
}
