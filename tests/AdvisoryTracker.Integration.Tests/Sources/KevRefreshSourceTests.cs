using System.Text.Json.Nodes;
using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Adapters.Sources;
using AdvisoryTracker.Adapters.Sources.Kev;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using AdvisoryTracker.TestInfrastructure.Http;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Integration.Tests.Sources;

public sealed class KevRefreshSourceTests(AzuriteFixture azurite) : IEmulatorTests
{
    private static readonly string KevFile = FdaSafetyCommunicationSourceTests.FixturePath("kev", "known_exploited_vulnerabilities.json");

    private TableKnownExploitedStore NewStore() =>
        new(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("kev"));

    [Fact]
    public async Task Sync_RealCatalogue_StoresEveryEntryThenAnswersFromTheConditionalGet()
    {
        await using var server = await LoopbackHttpServer.StartAsync(Path.GetDirectoryName(KevFile));
        await using var harness = new SourceHarness();
        var store = NewStore();
        var source = new KevRefreshSource(new KevOptions { Url = server.Url("/known_exploited_vulnerabilities.json").ToString() }, harness.Http, store, NullLogger<KevRefreshSource>.Instance);
        var state = new SourceState { SourceName = source.Name };

        await source.SyncAsync(state, new RecordingSink(), CancellationToken.None);
        await source.SyncAsync(state, new RecordingSink(), CancellationToken.None);

        var index = await store.GetIndexAsync(CancellationToken.None);
        Assert.Equal(1404, index.Count);
        var ghostcat = index.Lookup("CVE-2020-1938");
        Assert.NotNull(ghostcat);
        Assert.NotNull(ghostcat!.DateAdded);
        Assert.Equal("2025.08.25", state.Cursor);
        Assert.Equal(1404, state.DocumentsStored);
        Assert.False(string.IsNullOrEmpty(server.Requests.Last().IfNoneMatch));
    }

    [Fact]
    public async Task Save_CveAddedInNewerCatalogue_IsNewlyExploitedOnceOnly()
    {
        var store = NewStore();
        var full = KevCatalogueReader.Read(await File.ReadAllBytesAsync(KevFile)).Catalogue!;
        var older = full with { Vulnerabilities = full.Vulnerabilities.Where(v => v.CveId != "CVE-2020-1938").ToList() };

        var first = await store.SaveAsync(older, CancellationToken.None);
        var second = await store.SaveAsync(full, CancellationToken.None);
        var third = await store.SaveAsync(full, CancellationToken.None);

        Assert.Equal(1403, first.Count);
        Assert.Equal("CVE-2020-1938", Assert.Single(second).CveId);
        Assert.Empty(third);
    }

    [Fact]
    public async Task Run_TruncatedCatalogue_FailsAndStoresNothing()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = new SourceHarness();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(KevFile))!;
        json["vulnerabilities"]!.AsArray().RemoveAt(0);
        server.Map("/kev.json", ctx => ctx.Response.WriteAsync(json.ToJsonString()));
        var store = NewStore();
        var source = new KevRefreshSource(new KevOptions { Url = server.Url("/kev.json").ToString() }, harness.Http, store, NullLogger<KevRefreshSource>.Instance);
        var states = new Dictionary<string, SourceState>();

        await SourceHarness.RunAsync([source], states, new RecordingSink(), DateTimeOffset.UnixEpoch);

        Assert.Contains("truncated", states[source.Name].LastError, StringComparison.Ordinal);
        Assert.Null(states[source.Name].ETag);
        Assert.Equal(0, (await store.GetIndexAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task SaveEpss_RealExcerpt_RoundTrips()
    {
        var store = NewStore();
        using var reader = new StreamReader(FdaSafetyCommunicationSourceTests.FixturePath("epss", "epss_scores-current_first40rows.csv"));
        var scores = EpssReader.Read(reader).Scores;

        await store.SaveEpssAsync(scores, CancellationToken.None);

        var score = await store.GetEpssAsync("cve-1999-0001", CancellationToken.None);
        Assert.Equal(0.03351, score!.Probability);
        Assert.Equal("v2026.06.15", score.ModelVersion);
        Assert.Null(await store.GetEpssAsync("CVE-2099-0001", CancellationToken.None));
    }

    [Fact]
    public void AddBeyondCsafSources_SampleSettings_RegistersOnlyEnabledSourcesWithUniqueNames()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FdaSafetyCommunications:Enabled"] = "true",
            ["FdaSafetyCommunications:Feeds:0:Name"] = "fda-medwatch",
            ["FdaSafetyCommunications:Feeds:0:Url"] = "https://www.fda.gov/about-fda/contact-fda/stay-informed/rss-feeds/medwatch/rss.xml",
            ["FdaSafetyCommunications:Feeds:1:Name"] = "fda-recalls",
            ["FdaSafetyCommunications:Feeds:1:Url"] = "https://www.fda.gov/about-fda/contact-fda/stay-informed/rss-feeds/recalls/rss.xml",
            ["OpenFda:Enabled"] = "true",
            ["OpenFda:Enforcement"] = "false",
            ["HtmlBulletins:0:Preset"] = "cisa-advisory",
            ["HtmlBulletins:0:Enabled"] = "true",
            ["HtmlBulletins:1:Preset"] = "fda-page",
            ["HtmlBulletins:1:Enabled"] = "false",
            ["Kev:Enabled"] = "true",
            ["Epss:Enabled"] = "false",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSourceHttpClient()
            .AddSingleton<IKnownExploitedStore>(new TableKnownExploitedStore(new TableServiceClient(azurite.ConnectionString), TableKnownExploitedStore.DefaultTableName))
            .AddBeyondCsafSources(configuration);
        using var provider = services.BuildServiceProvider();

        var names = provider.GetServices<IAdvisorySource>().Select(s => s.Name).ToList();

        Assert.Equal(["fda-medwatch", "fda-recalls", "openfda-device-recall", "cisa-ics-advisories", "cisa-kev"], names);
    }

    [Theory]
    [InlineData("HtmlBulletins:0:Name", "fda-medwatch", "HtmlBulletins__0__Name: 'fda-medwatch' is used twice")]
    [InlineData("HtmlBulletins:0:ProductXPath", "//li[", "HtmlBulletins__0: ")]
    [InlineData("OpenFda:PageSize", "5000", "OpenFda__PageSize: must be from 1 to 1000 (is 5000)")]
    [InlineData("FdaSafetyCommunications:Feeds:0:Url", "feed.xml", "FdaSafetyCommunications__Feeds__0__Url: must be an absolute http(s) URL (is 'feed.xml')")]
    public void AddBeyondCsafSources_InvalidSettings_FailAtStartWithTheSettingNamed(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["FdaSafetyCommunications:Enabled"] = "true",
            ["FdaSafetyCommunications:Feeds:0:Name"] = "fda-medwatch",
            ["FdaSafetyCommunications:Feeds:0:Url"] = "https://www.fda.gov/about-fda/contact-fda/stay-informed/rss-feeds/medwatch/rss.xml",
            ["OpenFda:Enabled"] = "true",
            ["HtmlBulletins:0:Preset"] = "cisa-advisory",
            ["HtmlBulletins:0:Enabled"] = "true",
        };
        settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        // The bulletin list is checked as it is registered; the other sections when the host starts.
        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddBeyondCsafSources(configuration);
            using var provider = services.BuildServiceProvider();
            provider.GetRequiredService<IStartupValidator>().Validate();
        });

        Assert.Contains(error.Failures, failure => failure.StartsWith(expected, StringComparison.Ordinal));
    }
}

public sealed class EpssRefreshSourceTests(AzuriteFixture azurite) : IEmulatorTests
{
    [Fact]
    public async Task Sync_GzipCsv_StoresEveryScore()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var harness = new SourceHarness();
        var csv = await File.ReadAllBytesAsync(FdaSafetyCommunicationSourceTests.FixturePath("epss", "epss_scores-current_first40rows.csv"));
        using var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(csv);
        }

        server.Map("/epss.csv.gz", ctx => ctx.Response.Body.WriteAsync(compressed.ToArray()).AsTask());
        var store = new TableKnownExploitedStore(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("epss"));
        var source = new EpssRefreshSource(new EpssOptions { Url = server.Url("/epss.csv.gz").ToString() }, harness.Http, store, NullLogger<EpssRefreshSource>.Instance);
        var state = new SourceState { SourceName = source.Name };

        await source.SyncAsync(state, new RecordingSink(), CancellationToken.None);

        Assert.Equal(40, state.DocumentsSeen);
        Assert.Equal(0.27858, (await store.GetEpssAsync("CVE-1999-0002", CancellationToken.None))!.Probability);
        Assert.Equal("2026-09-29T12:00:22.0000000+00:00", state.Cursor);
    }
}
