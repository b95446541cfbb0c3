using AdvisoryTracker.Adapters.Sources.Bulletins;
using AdvisoryTracker.Domain.Bulletins;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.TestInfrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdvisoryTracker.Integration.Tests.Sources;

public sealed class HtmlBulletinSourceTests
{
    private static string Cisa(string file) => FdaSafetyCommunicationSourceTests.FixturePath("html", "cisa", file);

    /// <summary>
    /// No CISA listing page was captured, so the Philips advisory page stands in as the listing: its "Related Advisories"
    /// cards use the listing's card markup and link four ICSMA pages. Those four pages were not captured either; one is
    /// answered with a real ICSMA page, one with the real Alert page (refused by the configuration), two are not served.
    /// </summary>
    private static (HtmlBulletinSource Source, BulletinSiteConfig Config) CisaSource(SourceHarness harness, LoopbackHttpServer server)
    {
        var config = BulletinPresets.CisaAdvisory();
        config.Enabled = true;
        config.ListingUrl = server.Url("/news-events/ics-medical-advisories").ToString();
        config.ItemUrlPrefixes = [server.Url("/news-events/ics-medical-advisories/").ToString()];
        server.Map("/news-events/ics-medical-advisories", ctx => ctx.Response.SendFileAsync(Cisa("cisa_icsma-25-072-01_philips-iscv_full-page_2026-02-06.html")));
        server.Map("/news-events/ics-medical-advisories/icsma-25-336-01", ctx => ctx.Response.SendFileAsync(Cisa("cisa_icsma-23-061-01_medtronic-micro-clinician-interstim_full-page_2026-02-06.html")));
        server.Map("/news-events/ics-medical-advisories/icsma-25-345-01", ctx => ctx.Response.SendFileAsync(Cisa("cisa_alert_2025-04-04_ivanti_full-page_NEGATIVE.html")));
        return (new HtmlBulletinSource(config, harness.Ingestor, NullLogger<HtmlBulletinSource>.Instance), config);
    }

    [Fact]
    public async Task Sync_CisaListing_StoresAdvisoryPagesAndRecordsTheRest()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = new SourceHarness();
        var (source, _) = CisaSource(harness, server);
        var state = new SourceState { SourceName = source.Name };
        var sink = new RecordingSink();

        await source.SyncAsync(state, sink, CancellationToken.None);
        await source.SyncAsync(state, sink, CancellationToken.None);

        var advisory = Assert.Single(sink.Advisories);
        Assert.Equal("ICSMA-23-061-01", advisory.Id);
        Assert.Equal(3, sink.Rejections.Count);
        Assert.Contains(sink.Rejections, r => r.Reason.Contains("required element", StringComparison.Ordinal));
        Assert.Equal((4, 1, 3), (state.DocumentsSeen, state.DocumentsStored, state.DocumentsRejected));
        // The second run finds every listed page already handled and fetches none again.
        Assert.Equal(1, server.Requests.Count(r => r.Path.EndsWith("icsma-25-336-01", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Run_ListingSelectorFindsNothing_FailsThatSiteOnly()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = new SourceHarness();
        var (healthy, _) = CisaSource(harness, server);
        var broken = BulletinPresets.CisaAdvisory();
        broken.Name = "vendor-with-changed-template";
        broken.ListingUrl = server.Url("/vendor/psirt").ToString();
        server.Map("/vendor/psirt", ctx => ctx.Response.SendFileAsync(Cisa("cisa_alert_2025-04-04_ivanti_full-page_NEGATIVE.html")));
        var states = new Dictionary<string, SourceState>();
        var now = DateTimeOffset.UnixEpoch;

        await SourceHarness.RunAsync(
            [new HtmlBulletinSource(broken, harness.Ingestor, NullLogger<HtmlBulletinSource>.Instance), healthy],
            states,
            new RecordingSink(),
            now);

        Assert.Contains("gave no bulletin links", states[broken.Name].LastError, StringComparison.Ordinal);
        Assert.Equal(now, states[healthy.Name].LastSuccess);
    }

    [Fact]
    public async Task Sync_HugeAndDeeplyNestedPages_AreRecordedAsRejectedAndTheProcessSurvives()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = new SourceHarness();
        var (source, _) = CisaSource(harness, server);
        var deep = System.Text.Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "x</body></html>");
        server.Map("/news-events/ics-medical-advisories/icsma-25-345-02", ctx => ctx.Response.Body.WriteAsync(deep).AsTask());
        server.Map("/news-events/ics-medical-advisories/icsma-25-364-01", async ctx =>
        {
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'a');
            for (var i = 0; i < 50 && !ctx.RequestAborted.IsCancellationRequested; i++)
            {
                await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
            }
        });
        var state = new SourceState { SourceName = source.Name };
        var sink = new RecordingSink();

        await source.SyncAsync(state, sink, CancellationToken.None);

        Assert.Contains(sink.Rejections, r => r.Reference.EndsWith("icsma-25-345-02", StringComparison.Ordinal) && r.Reason.Contains("nested", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(sink.Rejections, r => r.Reference.EndsWith("icsma-25-364-01", StringComparison.Ordinal) && r.Reason.Contains("over the limit", StringComparison.Ordinal));
        Assert.Single(sink.Advisories);
    }
}
