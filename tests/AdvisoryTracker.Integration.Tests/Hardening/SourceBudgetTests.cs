using System.Diagnostics;
using AdvisoryTracker.Adapters.Sources.Csaf;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Integration.Tests.Csaf;
using AdvisoryTracker.TestInfrastructure.Http;

namespace AdvisoryTracker.Integration.Tests.Hardening;

/// <summary>
/// Issue #14, row "... no per-source time budget — one feed stalls every source after it": a real CSAF feed source on a
/// loopback server that answers every document slowly runs before a healthy folder source, with a 4 s budget.
/// </summary>
public sealed class SourceBudgetTests
{
    [Fact]
    public async Task SlowSource_IsStoppedAtItsBudget_KeepsItsProgress_AndTheNextSourceStillRuns()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var tree = CsafDistributionTree.Build(server.BaseAddress, name => name.StartsWith("icsma-24", StringComparison.Ordinal));
        server.ServeFolder(tree.Root);
        foreach (var path in tree.DocumentPaths)
        {
            var file = tree.FullPath(path);
            server.Map("/" + path, async context =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(800), context.RequestAborted);
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(await File.ReadAllBytesAsync(file, context.RequestAborted), context.RequestAborted);
            });
        }

        using var healthy = CsafDistributionTree.Build(server.BaseAddress, name => name.StartsWith("icsma-23", StringComparison.Ordinal));
        var slow = CsafSourceTestHost.Feed(server.BaseAddress, "slow-feed");
        var folder = new CsafSourceOptions { Name = "healthy-folder", Kind = CsafSourceKind.Folder, Location = healthy.Root };
        using var host = new CsafSourceTestHost([slow, folder], settings: new Dictionary<string, string?>
        {
            ["Sources:PerSourceBudget"] = "00:00:04",
            ["Sources:BudgetGrace"] = "00:00:01",
        });
        Assert.True(tree.DocumentPaths.Count * 0.8 > 6, "the slow source must need longer than its budget");
        var clock = Stopwatch.StartNew();

        var reports = await host.Runner().RunAsync(true, null, CancellationToken.None);

        var slowReport = reports.Single(r => r.SourceName == "slow-feed");
        Assert.Equal(SourceSyncStatus.Failed, slowReport.Status);
        Assert.Contains("time budget", slowReport.Error, StringComparison.Ordinal);
        Assert.Equal(SourceSyncStatus.Succeeded, reports.Single(r => r.SourceName == "healthy-folder").Status);
        Assert.Equal(healthy.DocumentPaths.Count, host.Sink.Stores.Count(s => s.Source == "healthy-folder"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the run took {clock.Elapsed}");
        var state = await host.States.GetAsync("slow-feed", CancellationToken.None);
        Assert.Contains("time budget", state.LastError, StringComparison.Ordinal);
        Assert.InRange(state.DocumentsStored, 0, tree.DocumentPaths.Count - 1); // stopped part way, progress so far kept
    }
}
