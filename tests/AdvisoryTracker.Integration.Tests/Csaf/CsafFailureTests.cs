using AdvisoryTracker.Adapters.Sources.Csaf;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.TestInfrastructure.Http;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Integration.Tests.Csaf;

/// <summary>
/// One document of a small real tree (CISA's 2024 ICSMA files) is broken in one way; a healthy second source runs in
/// the same pass. Rejections are recorded and passed; fetch failures hold the cursor and are retried next run.
/// </summary>
public sealed class CsafFailureTests
{
    private const string Victim = "icsma-24-163-01.json";

    public enum Breakage
    {
        TamperedBytes,
        WrongHash,
        BadSignature,
        TruncatedBody,
        Http500,
        Timeout,
        SlowDrip,
        FiftyMegabyteBody,
    }

    [Theory]
    [InlineData(Breakage.TamperedBytes, true)]
    [InlineData(Breakage.WrongHash, true)]
    [InlineData(Breakage.BadSignature, true)]
    [InlineData(Breakage.FiftyMegabyteBody, true)]
    [InlineData(Breakage.TruncatedBody, false)]
    [InlineData(Breakage.Http500, false)]
    [InlineData(Breakage.Timeout, false)]
    [InlineData(Breakage.SlowDrip, false)]
    public async Task Sync_OneBrokenDocument_LosesNothingAndOtherSourcesFinish(Breakage breakage, bool isRejection)
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var tree = CsafDistributionTree.Build(server.BaseAddress, name => name.StartsWith("icsma-24", StringComparison.Ordinal));
        server.ServeFolder(tree.Root);
        using var healthy = CsafDistributionTree.Build(server.BaseAddress, name => name.StartsWith("icsma-23", StringComparison.Ordinal));
        var victimPath = "/" + tree.DocumentPaths.Single(p => p.EndsWith(Victim, StringComparison.Ordinal));
        var original = await File.ReadAllBytesAsync(tree.FullPath(victimPath.TrimStart('/')));
        Break(server, tree, victimPath, breakage);

        var broken = CsafSourceTestHost.Feed(server.BaseAddress, "broken");
        var folder = new CsafSourceOptions { Name = "healthy-folder", Kind = CsafSourceKind.Folder, Location = healthy.Root, RequireSignatures = true, PublicKeyFiles = [CsafDistributionTree.CisaKeyFile] };
        using var host = new CsafSourceTestHost([broken, folder]);
        var runner = host.Runner();

        var reports = await runner.RunAsync(true, null, CancellationToken.None);

        // The other source finished.
        Assert.Equal(SourceSyncStatus.Succeeded, reports.Single(r => r.SourceName == "healthy-folder").Status);
        Assert.Equal(healthy.DocumentPaths.Count, host.Sink.Stores.Count(s => s.Source == "healthy-folder"));
        // Every other document of the broken source was stored.
        var others = tree.DocumentPaths.Count - 1;
        var brokenReport = reports.Single(r => r.SourceName == "broken");
        Assert.True(others == host.Sink.Stores.Count(s => s.Source == "broken"),
            $"stored {host.Sink.Stores.Count(s => s.Source == "broken")} of {others}; report {brokenReport.Status} {brokenReport.Error}; rejections: {string.Join(" | ", host.Sink.Rejections.Select(r => r.Reference + ": " + r.Reason))}");
        var state = await host.States.GetAsync("broken", CancellationToken.None);
        var newest = "2025-01-28T07:00:00.0000000Z"; // icsma-24-352-01, the newest 2024 entry
        if (isRejection)
        {
            var rejection = Assert.Single(host.Sink.Rejections);
            Assert.EndsWith(victimPath, rejection.Reference, StringComparison.Ordinal);
            Assert.Equal(SourceSyncStatus.Succeeded, reports.Single(r => r.SourceName == "broken").Status);
            Assert.Equal(newest, state.Cursor); // deliberately rejected: the cursor moves past it
            Assert.Equal(1, state.DocumentsRejected);
            return;
        }

        Assert.Empty(host.Sink.Rejections);
        var report = reports.Single(r => r.SourceName == "broken");
        Assert.Equal(SourceSyncStatus.Failed, report.Status);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Contains("ICSMA-24-163-01", state.LastError, StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(state.Cursor, "2024-06-11T06:00:00.0000000Z") < 0, $"cursor {state.Cursor} must stay before the failed entry");

        // The provider recovers: the next run picks the document up, nothing was lost.
        server.Unmap(victimPath);
        await File.WriteAllBytesAsync(tree.FullPath(victimPath.TrimStart('/')), original);
        var second = await runner.RunAsync(true, "broken", CancellationToken.None);
        Assert.Equal(SourceSyncStatus.Succeeded, Assert.Single(second).Status);
        Assert.Contains("ICSMA-24-163-01", host.Sink.Current.Keys);
        state = await host.States.GetAsync("broken", CancellationToken.None);
        Assert.Equal((newest, 0, others + 1L), (state.Cursor, state.ConsecutiveFailures, state.DocumentsStored));
    }

    private static void Break(LoopbackHttpServer server, CsafDistributionTree tree, string path, Breakage breakage)
    {
        var file = tree.FullPath(path.TrimStart('/'));
        switch (breakage)
        {
            case Breakage.TamperedBytes:
                var bytes = File.ReadAllBytes(file);
                bytes[bytes.Length / 2] ^= 0x20;
                File.WriteAllBytes(file, bytes);
                break;
            case Breakage.WrongHash:
                File.Copy(tree.FullPath(tree.DocumentPaths.First(p => !p.EndsWith(Victim, StringComparison.Ordinal)) + ".sha512"), file + ".sha512", overwrite: true);
                break;
            case Breakage.BadSignature:
                File.Copy(tree.FullPath(tree.DocumentPaths.First(p => !p.EndsWith(Victim, StringComparison.Ordinal)) + ".asc"), file + ".asc", overwrite: true);
                break;
            case Breakage.TruncatedBody:
                server.Map(path, async context =>
                {
                    var content = File.ReadAllBytes(file);
                    context.Response.ContentLength = content.Length;
                    await context.Response.Body.WriteAsync(content.AsMemory(0, content.Length / 2));
                    await context.Response.Body.FlushAsync();
                    context.Abort();
                });
                break;
            case Breakage.Http500:
                server.Map(path, context =>
                {
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return Task.CompletedTask;
                });
                break;
            case Breakage.Timeout:
                server.Map(path, async context => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted));
                break;
            case Breakage.SlowDrip:
                server.Map(path, async context =>
                {
                    context.Response.ContentType = "application/json";
                    for (var i = 0; i < 100 && !context.RequestAborted.IsCancellationRequested; i++)
                    {
                        await context.Response.Body.WriteAsync("{"u8.ToArray(), context.RequestAborted);
                        await context.Response.Body.FlushAsync(context.RequestAborted);
                        await Task.Delay(100, context.RequestAborted);
                    }
                });
                break;
            case Breakage.FiftyMegabyteBody:
                server.Map(path, async context =>
                {
                    context.Response.ContentType = "application/json";
                    var chunk = new byte[1024 * 1024];
                    Array.Fill(chunk, (byte)' ');
                    for (var i = 0; i < 50 && !context.RequestAborted.IsCancellationRequested; i++)
                    {
                        await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    }
                });
                break;
        }
    }
}
