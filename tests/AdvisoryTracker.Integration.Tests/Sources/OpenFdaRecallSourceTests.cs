using System.Text.Json.Nodes;
using AdvisoryTracker.Adapters.Sources.OpenFda;
using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.TestInfrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdvisoryTracker.Integration.Tests.Sources;

public sealed class OpenFdaRecallSourceTests
{
    private static readonly DateTimeOffset Today = new(2026, 6, 4, 12, 0, 0, TimeSpan.Zero);

    private static OpenFdaRecallSource Source(SourceHarness harness, LoopbackHttpServer server, OpenFdaEndpoint endpoint, OpenFdaOptions? options = null)
    {
        options ??= new OpenFdaOptions();
        options.BaseUrl = server.BaseAddress.ToString();
        options.PauseBetweenPages = TimeSpan.FromMilliseconds(20);
        return new OpenFdaRecallSource(endpoint, options, harness.Http, new FixedDayClock(Today), NullLogger<OpenFdaRecallSource>.Instance);
    }

    /// <summary>The real recall response, with meta.results rewritten for the page asked (same record on every page).</summary>
    private static void ServePagedRecalls(LoopbackHttpServer server, int total) =>
        server.Map("/device/recall.json", async ctx =>
        {
            var response = JsonNode.Parse(await File.ReadAllTextAsync(FdaSafetyCommunicationSourceTests.FixturePath("openfda", "openfda_device_recall_response_anatomy.json")))!;
            response["meta"]!["results"]!["total"] = total;
            response["meta"]!["results"]!["skip"] = int.Parse(ctx.Request.Query["skip"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            response["meta"]!["results"]!["limit"] = 1;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(response.ToJsonString());
        });

    [Fact]
    public async Task Sync_ThreePages_QueriesTheWindowPageByPageAndStoresTheRecall()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = new SourceHarness();
        ServePagedRecalls(server, total: 3);
        var source = Source(harness, server, OpenFdaEndpoint.Recall, new OpenFdaOptions { PageSize = 1, ApiKey = "test-key", Manufacturers = ["Arrow International Inc"] });
        var state = new SourceState { SourceName = source.Name };
        var sink = new RecordingSink();

        await source.SyncAsync(state, sink, CancellationToken.None);

        var requests = server.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.Equal(3, state.DocumentsSeen);
        Assert.Equal(1, state.DocumentsStored);
        var advisory = Assert.Single(sink.Advisories);
        Assert.Equal("Arrow International Inc", advisory.Products.Single().Vendor);
        Assert.Equal("2026-06-04", state.Cursor);
    }

    [Fact]
    public void QueryUrl_EachEndpoint_WritesDatesInItsOwnFormatAndEscapes()
    {
        var options = new OpenFdaOptions { ApiKey = "k&y", Manufacturers = ["Baxter \"Healthcare\""] };
        var recall = new OpenFdaRecallSource(OpenFdaEndpoint.Recall, options, null!, TimeProvider.System, NullLogger<OpenFdaRecallSource>.Instance);
        var enforcement = new OpenFdaRecallSource(OpenFdaEndpoint.Enforcement, options, null!, TimeProvider.System, NullLogger<OpenFdaRecallSource>.Instance);

        var recallUrl = Uri.UnescapeDataString(recall.QueryUrl(new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 4), 200, 100).ToString());
        var enforcementUrl = Uri.UnescapeDataString(enforcement.QueryUrl(new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 4), 0, 100).ToString());

        Assert.StartsWith("https://api.fda.gov/device/recall.json?search=event_date_posted:[2026-05-01 TO 2026-06-04] AND (recalling_firm:\"Baxter Healthcare\")&limit=100&skip=200&api_key=k&y", recallUrl, StringComparison.Ordinal);
        Assert.Contains("device/enforcement.json?search=report_date:[20260501 TO 20260604]", enforcementUrl, StringComparison.Ordinal);
        Assert.Contains("api_key=k%26y", enforcement.QueryUrl(new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 4), 0, 1).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_NoMatches404_IsAnEmptyWindowAndMovesTheCursor()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = new SourceHarness();
        server.Map("/device/enforcement.json", async ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            await ctx.Response.WriteAsync("""{"error":{"code":"NOT_FOUND","message":"No matches found!"}}""");
        });
        var source = Source(harness, server, OpenFdaEndpoint.Enforcement);
        var state = new SourceState { SourceName = source.Name, Cursor = "2026-05-20" };

        await source.SyncAsync(state, new RecordingSink(), CancellationToken.None);

        Assert.Equal("2026-06-04", state.Cursor);
        Assert.Equal("/device/enforcement.json", server.Requests.Single().Path);
    }

    [Fact]
    public async Task Run_RateLimitedThenServed_HonoursRetryAfterAndSucceeds()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = new SourceHarness();
        var calls = 0;
        server.Map("/device/recall.json", async ctx =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                ctx.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                ctx.Response.Headers.RetryAfter = "1";
                return;
            }

            await ctx.Response.SendFileAsync(FdaSafetyCommunicationSourceTests.FixturePath("openfda", "openfda_device_recall_response_anatomy.json"));
        });
        var source = Source(harness, server, OpenFdaEndpoint.Recall, new OpenFdaOptions { PageSize = 1000 });
        var states = new Dictionary<string, SourceState>();
        var started = System.Diagnostics.Stopwatch.StartNew();

        await SourceHarness.RunAsync([source], states, new RecordingSink(), Today);

        Assert.Equal(2, calls);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(0.9));
        Assert.Equal(Today, states[source.Name].LastSuccess);
    }

    [Fact]
    public async Task Run_GarbageResponse_FailsWithoutMovingTheCursor()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = new SourceHarness();
        server.Map("/device/recall.json", ctx => ctx.Response.WriteAsync("<html><body>Service Unavailable</body></html>"));
        var source = Source(harness, server, OpenFdaEndpoint.Recall);
        var states = new Dictionary<string, SourceState> { [source.Name] = new() { SourceName = source.Name, Cursor = "2026-05-01" } };

        await SourceHarness.RunAsync([source], states, new RecordingSink(), Today);

        Assert.Equal("2026-05-01", states[source.Name].Cursor);
        Assert.Contains("garbage", states[source.Name].LastError, StringComparison.Ordinal);
    }
}

/// <summary>A clock fixed at one instant whose timers still run in real time (the pause between pages is real but short).</summary>
internal sealed class FixedDayClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
