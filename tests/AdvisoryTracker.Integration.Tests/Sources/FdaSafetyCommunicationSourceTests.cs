using System.Text;
using AdvisoryTracker.Adapters.Sources.Bulletins;
using AdvisoryTracker.Adapters.Sources.Fda;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.TestInfrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdvisoryTracker.Integration.Tests.Sources;

public sealed class FdaSafetyCommunicationSourceTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 4, 12, 0, 0, TimeSpan.Zero);
    private const string ContecPath = "/medical-devices/safety-communications/cybersecurity-vulnerabilities-certain-patient-monitors-contec-and-epsimed-fda-safety-communication";
    private const string HintermannPath = "/medical-devices/safety-communications/update-hintermann-series-h3-total-ankle-replacement-has-higher-expected-risk-device-failure-fda";
    private const string TrueMetrixPath = "/medical-devices/safety-communications/risks-using-true-metrix-blood-glucose-monitoring-systems-trividia-health-fda-safety-communication";

    internal static string FixturePath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", "fixtures", .. parts]);

    /// <summary>
    /// The real MedWatch feed with its real <c>http://www.fda.gov/</c> links (upgraded to HTTPS by the client, then sent to
    /// the loopback server by the test-only host override, see <see cref="Harness"/>). Only one safety communication
    /// page was captured (Contec), so the first item's link is pointed at it; the other device pages are not served (404).
    /// </summary>
    private static byte[] MedWatchFeedFor(LoopbackHttpServer server)
    {
        _ = server;
        var xml = File.ReadAllText(FixturePath("rss", "fda_medwatch_safety_alerts_rss_2026-06-04.xml"))
            .Replace(HintermannPath, ContecPath, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(xml);
    }

    /// <summary>The guarded client with requests for www.fda.gov sent to the loopback server (test-only setting).</summary>
    private static SourceHarness Harness(LoopbackHttpServer server) => new(extraSettings: FdaHostOnLoopback(server));

    private static KeyValuePair<string, string?>[] FdaHostOnLoopback(LoopbackHttpServer server) =>
        [new("SourceHttp:TestHostOverrides:www.fda.gov", server.BaseAddress.ToString())];

    private static void ServeFeed(LoopbackHttpServer server, string path, byte[] body, string etag = "\"feed-v1\"") =>
        server.Map(path, async context =>
        {
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            context.Response.Headers.ETag = etag;
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync(body);
        });

    private static FdaSafetyCommunicationSource Source(SourceHarness harness, string name, Uri feed, int maxItems = 40) =>
        new(new FdaFeedOptions { Name = name, Url = feed.ToString() },
            new FdaSafetyCommunicationsOptions { Enabled = true, MaxItemsPerRun = maxItems },
            harness.Ingestor,
            NullLogger<FdaSafetyCommunicationSource>.Instance);

    [Fact]
    public async Task Sync_MedWatchFeed_StoresTheContecCommunicationAndRecordsEveryOtherDeviceItem()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = Harness(server);
        ServeFeed(server, "/medwatch.xml", MedWatchFeedFor(server));
        server.Map(ContecPath, ctx => ctx.Response.SendFileAsync(FixturePath("html", "fda", "fda_safety-communication_contec-epsimed-patient-monitors_2025-01-30_fetched-2026-02-06.html")));
        server.Map(TrueMetrixPath, ctx => ctx.Response.SendFileAsync(FixturePath("html", "fda", "fda_recall_company_announcement_western-mixers_2026-06-16.html")));
        var sink = new RecordingSink();
        var state = new SourceState { SourceName = "fda-medwatch" };

        await Source(harness, "fda-medwatch", server.Url("/medwatch.xml")).SyncAsync(state, sink, CancellationToken.None);

        var advisory = Assert.Single(sink.Advisories);
        Assert.Equal(AdvisoryKind.SafetyCommunication, advisory.Kind);
        Assert.Contains(advisory.Products, p => p.Vendor == "Contec" && p.ProductName == "CMS8000");
        // 19 device items: 1 stored, 1 page that is not about a device, 17 pages not served (404): all recorded.
        Assert.Equal(18, sink.Rejections.Count);
        Assert.Contains(sink.Rejections, r => r.Reference.EndsWith(TrueMetrixPath, StringComparison.Ordinal) && r.Reason.Contains("not a medical-device item", StringComparison.Ordinal));
        Assert.Equal(17, sink.Rejections.Count(r => r.Reason.Contains("404", StringComparison.Ordinal)));
        Assert.DoesNotContain(server.Requests, r => r.Path.Contains("2024-safety-communications", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Requests, r => r.Path.StartsWith("/safety/", StringComparison.Ordinal) && r.Path.Contains("vitamins", StringComparison.Ordinal));
        Assert.Equal((19, 1, 18), (state.DocumentsSeen, state.DocumentsStored, state.DocumentsRejected));
        Assert.Equal(new DateTimeOffset(2026, 6, 3, 4, 0, 0, TimeSpan.Zero), ListingCursor.CursorDate(state));
        Assert.Equal("\"feed-v1\"", state.ETag);
    }

    [Fact]
    public async Task Sync_SecondRun_SendsValidatorsAndFetchesNoPageAgain()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = Harness(server);
        ServeFeed(server, "/medwatch.xml", MedWatchFeedFor(server));
        var source = Source(harness, "fda-medwatch", server.Url("/medwatch.xml"));
        var state = new SourceState { SourceName = source.Name };
        await source.SyncAsync(state, new RecordingSink(), CancellationToken.None);
        server.ClearRequests();

        await source.SyncAsync(state, new RecordingSink(), CancellationToken.None);

        var only = Assert.Single(server.Requests);
        Assert.Equal("\"feed-v1\"", only.IfNoneMatch);
    }

    [Fact]
    public async Task Sync_ChangedFeedWithSameItems_FetchesNoPageAgain()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = Harness(server);
        var feed = MedWatchFeedFor(server);
        ServeFeed(server, "/medwatch.xml", feed);
        var source = Source(harness, "fda-medwatch", server.Url("/medwatch.xml"));
        var state = new SourceState { SourceName = source.Name };
        await source.SyncAsync(state, new RecordingSink(), CancellationToken.None);
        ServeFeed(server, "/medwatch.xml", feed, "\"feed-v2\"");
        server.ClearRequests();

        await source.SyncAsync(state, new RecordingSink(), CancellationToken.None);

        Assert.Single(server.Requests);
        Assert.Equal("\"feed-v2\"", state.ETag);
    }

    [Fact]
    public async Task Sync_BatchLimit_LeavesTheRestForTheNextRunWithoutLosingAny()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = Harness(server);
        ServeFeed(server, "/medwatch.xml", MedWatchFeedFor(server));
        var source = Source(harness, "fda-medwatch", server.Url("/medwatch.xml"), maxItems: 5);
        var state = new SourceState { SourceName = source.Name };
        var sink = new RecordingSink();

        for (var run = 0; run < 4; run++)
        {
            await source.SyncAsync(state, sink, CancellationToken.None);
        }

        Assert.Equal(19, sink.Advisories.Count + sink.Rejections.Count);
        Assert.Equal(19, sink.Rejections.Select(r => r.Reference).Concat(sink.Advisories.Select(a => a.WebUrl!)).Distinct().Count());
        Assert.Equal("\"feed-v1\"", state.ETag);
    }

    [Fact]
    public async Task Run_FeedServesHtmlErrorPage_FailsThatSourceOnlyAndKeepsItsState()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = Harness(server);
        server.Map("/broken.xml", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<!DOCTYPE html><html><head><title>Access Denied</title></head><body><h1>Access Denied</h1></body></html>");
        });
        ServeFeed(server, "/medwatch.xml", MedWatchFeedFor(server));
        var broken = Source(harness, "fda-broken", server.Url("/broken.xml"));
        var healthy = Source(harness, "fda-medwatch", server.Url("/medwatch.xml"));
        var states = new Dictionary<string, SourceState>
        {
            ["fda-broken"] = new() { SourceName = "fda-broken", Cursor = "2026-05-01T00:00:00.0000000Z", ETag = "\"old\"" },
        };
        var sink = new RecordingSink();

        await SourceHarness.RunAsync([broken, healthy], states, sink, Now);

        var failed = states["fda-broken"];
        Assert.Equal(1, failed.ConsecutiveFailures);
        Assert.Contains("not a usable feed", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(("2026-05-01T00:00:00.0000000Z", "\"old\""), (failed.Cursor, failed.ETag));
        Assert.Null(failed.LastSuccess);
        Assert.Equal(Now, states["fda-medwatch"].LastSuccess);
        Assert.Equal(19, states["fda-medwatch"].DocumentsSeen);
    }

    [Fact]
    public async Task Run_FeedAnswers429WithRetryAfter_RetriesAfterTheDelayAndSucceeds()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = Harness(server);
        var feed = MedWatchFeedFor(server);
        var calls = 0;
        server.Map("/medwatch.xml", async ctx =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                ctx.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                ctx.Response.Headers.RetryAfter = "1";
                return;
            }

            await ctx.Response.Body.WriteAsync(feed);
        });
        var states = new Dictionary<string, SourceState>();
        var started = System.Diagnostics.Stopwatch.StartNew();

        await SourceHarness.RunAsync([Source(harness, "fda-medwatch", server.Url("/medwatch.xml"))], states, new RecordingSink(), Now);

        Assert.Equal(2, calls);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {started.Elapsed}, before Retry-After");
        Assert.Equal(Now, states["fda-medwatch"].LastSuccess);
        Assert.Equal(19, states["fda-medwatch"].DocumentsSeen);
    }

    [Fact]
    public async Task Run_FeedKeepsAnswering429_RecordsFailureAndLeavesOtherSourceUnaffected()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = new SourceHarness(maxRetries: 1, extraSettings: FdaHostOnLoopback(server));
        server.Map("/limited.xml", ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ctx.Response.Headers.RetryAfter = "0";
            return Task.CompletedTask;
        });
        ServeFeed(server, "/medwatch.xml", MedWatchFeedFor(server));
        var states = new Dictionary<string, SourceState>();

        await SourceHarness.RunAsync(
            [Source(harness, "fda-limited", server.Url("/limited.xml")), Source(harness, "fda-medwatch", server.Url("/medwatch.xml"))],
            states,
            new RecordingSink(),
            Now);

        Assert.Contains("429", states["fda-limited"].LastError, StringComparison.Ordinal);
        Assert.Null(states["fda-limited"].Cursor);
        Assert.Equal(0, states["fda-limited"].DocumentsSeen);
        Assert.Equal(Now, states["fda-medwatch"].LastSuccess);
    }

    [Fact]
    public async Task Run_FeedTimesOut_RecordsFailureAndLeavesOtherSourceUnaffected()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = new SourceHarness(attemptTimeout: TimeSpan.FromMilliseconds(300), totalTimeout: TimeSpan.FromSeconds(1), maxRetries: 1, extraSettings: FdaHostOnLoopback(server));
        server.Map("/slow.xml", async ctx => await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        ServeFeed(server, "/medwatch.xml", MedWatchFeedFor(server));
        var states = new Dictionary<string, SourceState>();

        await SourceHarness.RunAsync(
            [Source(harness, "fda-slow", server.Url("/slow.xml")), Source(harness, "fda-medwatch", server.Url("/medwatch.xml"))],
            states,
            new RecordingSink(),
            Now);

        Assert.Equal(1, states["fda-slow"].ConsecutiveFailures);
        Assert.Null(states["fda-slow"].ETag);
        Assert.Null(states["fda-slow"].Cursor);
        Assert.Equal(Now, states["fda-medwatch"].LastSuccess);
    }

    [Fact]
    public async Task Run_PageTimesOutMidway_KeepsCursorBeforeItAndRetriesItNextRun()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = new SourceHarness(attemptTimeout: TimeSpan.FromMilliseconds(300), totalTimeout: TimeSpan.FromSeconds(1), maxRetries: 1, extraSettings: FdaHostOnLoopback(server));
        ServeFeed(server, "/medwatch.xml", MedWatchFeedFor(server));
        var contecServed = false;
        server.Map(ContecPath, async ctx =>
        {
            if (!contecServed)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await ctx.Response.SendFileAsync(FixturePath("html", "fda", "fda_safety-communication_contec-epsimed-patient-monitors_2025-01-30_fetched-2026-02-06.html"));
        });
        var source = Source(harness, "fda-medwatch", server.Url("/medwatch.xml"));
        var states = new Dictionary<string, SourceState>();
        var sink = new RecordingSink();

        await SourceHarness.RunAsync([source], states, sink, Now);
        var afterFailure = states["fda-medwatch"];
        contecServed = true;
        await SourceHarness.RunAsync([source], states, sink, Now.AddMinutes(15));

        Assert.Equal(1, afterFailure.ConsecutiveFailures);
        Assert.Null(afterFailure.ETag);
        Assert.True(ListingCursor.CursorDate(afterFailure) < new DateTimeOffset(2026, 6, 3, 4, 0, 0, TimeSpan.Zero));
        Assert.Single(sink.Advisories);
        Assert.Equal(19, sink.Advisories.Count + sink.Rejections.Count);
        Assert.Equal(0, states["fda-medwatch"].ConsecutiveFailures);
    }
}
