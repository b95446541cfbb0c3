using AdvisoryTracker.Adapters.Sources.Bulletins;
using AdvisoryTracker.Adapters.Sources.Fda;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Integration.Tests.Sources;
using AdvisoryTracker.TestInfrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdvisoryTracker.Integration.Tests.SourcesOperation;

/// <summary>
/// Issue 16, point 4: the real MedWatch feed, served byte for byte with its <c>http://www.fda.gov/...</c> item links,
/// through the product's guarded client. The links are upgraded to HTTPS (www.fda.gov is on the default upgrade list),
/// pass the SSRF guard as HTTPS, and only then does the test-only host override (<c>SourceHttp:TestHostOverrides</c>)
/// send the request for www.fda.gov to the loopback server. Only one safety communication page was captured (Contec),
/// so it is served at the feed's first device link (Hintermann); the other pages are not served (404).
/// </summary>
public sealed class FdaHttpsLinkTests
{
    private const string FirstDeviceItemPath = "/medical-devices/safety-communications/update-hintermann-series-h3-total-ankle-replacement-has-higher-expected-risk-device-failure-fda";

    private static void ServeRealFeed(LoopbackHttpServer server) =>
        server.Map("/medwatch.xml", ctx =>
        {
            ctx.Response.ContentType = "application/rss+xml";
            return ctx.Response.SendFileAsync(FdaSafetyCommunicationSourceTests.FixturePath("rss", "fda_medwatch_safety_alerts_rss_2026-06-04.xml"));
        });

    private static FdaSafetyCommunicationSource Source(SourceHarness harness, LoopbackHttpServer server) =>
        new(new FdaFeedOptions { Name = "fda-medwatch", Url = server.Url("/medwatch.xml").ToString() },
            new FdaSafetyCommunicationsOptions { Enabled = true, MaxItemsPerRun = 40 },
            harness.Ingestor,
            NullLogger<FdaSafetyCommunicationSource>.Instance);

    [Fact]
    public async Task Sync_RealFeedWithHttpFdaLinks_FetchesThemOverHttpsAndStoresTheCommunication()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        ServeRealFeed(server);
        server.Map(FirstDeviceItemPath, ctx => ctx.Response.SendFileAsync(FdaSafetyCommunicationSourceTests.FixturePath("html", "fda", "fda_safety-communication_contec-epsimed-patient-monitors_2025-01-30_fetched-2026-02-06.html")));
        await using var harness = new SourceHarness(extraSettings: [new("SourceHttp:TestHostOverrides:www.fda.gov", server.BaseAddress.ToString())]);
        var sink = new RecordingSink();
        var state = new SourceState { SourceName = "fda-medwatch" };

        await Source(harness, server).SyncAsync(state, sink, CancellationToken.None);

        var advisory = Assert.Single(sink.Advisories);
        Assert.Contains(advisory.Products, p => p.Vendor == "Contec");
        Assert.StartsWith("https://www.fda.gov/", advisory.WebUrl, StringComparison.Ordinal);
        Assert.DoesNotContain(sink.Rejections, r => r.Reason.Contains("refused", StringComparison.Ordinal) || r.Reason.Contains("HTTPS", StringComparison.Ordinal));
        Assert.Equal(18, sink.Rejections.Count(r => r.Reason.Contains("404", StringComparison.Ordinal)));
        Assert.Contains(server.Requests, r => r.Path == FirstDeviceItemPath);
    }

    [Fact]
    public async Task Sync_ItemUrlRefusedByTheGuard_FailsTheRunWithoutRecordingARejectionOrMovingTheCursor()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        ServeRealFeed(server);
        // The allow-list names only the loopback server: the feed is fetched, its www.fda.gov item links are refused.
        await using var harness = new SourceHarness(extraSettings: [new("SourceHttp:AllowedHosts:0", "127.0.0.1")]);
        var sink = new RecordingSink();
        var state = new SourceState { SourceName = "fda-medwatch" };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Source(harness, server).SyncAsync(state, sink, CancellationToken.None));

        Assert.Contains("not in the allow-list", error.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Rejections);
        Assert.Null(ListingCursor.CursorDate(state));
        Assert.Null(state.ETag);
        Assert.Equal(0, state.DocumentsRejected);
    }

    [Fact]
    public void TestHostOverrides_WithoutAllowLoopback_AreRefusedAtStart()
    {
        var options = new Adapters.Http.SourceHttpOptions { TestHostOverrides = { ["www.fda.gov"] = "http://127.0.0.1:5000/" } };

        var result = new Adapters.Http.SourceHttpOptionsValidator().Validate(null, options);
        Assert.Equal(["SourceHttp__TestHostOverrides__www.fda.gov: is test/diagnostic configuration and needs SourceHttp__AllowLoopback; remove it in production"], result.Failures);
        Assert.Equal(
            "https://www.fda.gov/safety/medwatch?x=1",
            Adapters.Http.SourceHttpClient.UpgradeToHttps(new Uri("http://www.fda.gov/safety/medwatch?x=1"), options).ToString());
        Assert.Equal("http://example.org/a", Adapters.Http.SourceHttpClient.UpgradeToHttps(new Uri("http://example.org/a"), options).ToString());
    }
}
