using AdvisoryTracker.Adapters.Sources.Csaf;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Integration.Tests.Api;
using AdvisoryTracker.Integration.Tests.Csaf;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using AdvisoryTracker.TestInfrastructure.Http;

namespace AdvisoryTracker.Integration.Tests.SourcesOperation;

/// <summary>Issue 16, point 5: <c>GET /api/sources</c> says what the docs say, and provider metadata is fetched conditionally.</summary>
public sealed class SourceHealthTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    [Fact]
    public async Task Sources_HealthyNeverRunStaleAndRetired_AreEachReportedAsSuch()
    {
        var samples = Path.Combine(RepositoryPaths.Root, "infra", "sample-advisories");
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
        {
            ["CsafSources:0:Name"] = "sample-folder",
            ["CsafSources:0:Kind"] = "Folder",
            ["CsafSources:0:Location"] = samples,
            ["CsafSources:1:Name"] = "never-folder",
            ["CsafSources:1:Kind"] = "Folder",
            ["CsafSources:1:Location"] = samples,
            ["CsafSources:2:Name"] = "stale-folder",
            ["CsafSources:2:Kind"] = "Folder",
            ["CsafSources:2:Location"] = samples,
            ["Sources:StaleAfter"] = "2.00:00:00",
        });
        var states = runner.Get<ISourceStateStore>();
        var longAgo = DateTimeOffset.UtcNow.AddDays(-3);
        await states.SaveAsync(new SourceState { SourceName = "stale-folder", LastAttempt = longAgo, LastSuccess = longAgo }, CancellationToken.None);
        // A one-off `ingest --from FOLDER` run leaves a state under a name that is not configured.
        await states.SaveAsync(new SourceState { SourceName = "folder-one-off", LastAttempt = longAgo, LastSuccess = longAgo }, CancellationToken.None);
        await runner.Get<SourceSyncRunner>().RunAsync(force: true, onlySource: "sample-folder", CancellationToken.None);

        var items = (await new ApiClient(runner).GetJsonAsync("api/sources")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("health").GetString());

        Assert.Equal("healthy", items["sample-folder"]);
        Assert.Equal("never-run", items["never-folder"]);
        Assert.Equal("stale", items["stale-folder"]);
        Assert.Equal("retired", items["folder-one-off"]);
    }

    [Fact]
    public async Task ProviderMetadataSource_SecondSync_SendsValidatorsForTheMetadataAndGets304()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var tree = CsafDistributionTree.Build(server.BaseAddress, name => name.StartsWith("icsma-24", StringComparison.Ordinal));
        var metadata = (await File.ReadAllTextAsync(RepositoryPaths.Fixture("csaf", "provider-metadata", "cisa_provider-metadata.json")))
            .Replace("https://raw.githubusercontent.com/cisagov/CSAF/develop/", server.BaseAddress.AbsoluteUri, StringComparison.Ordinal)
            .Replace("csaf_files/IT/white/cisa-csaf-it-feed-tlp-white.json", CsafDistributionTree.FeedPath, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(tree.Root, "provider-metadata.json"), metadata);
        server.ServeFolder(tree.Root);
        var options = CsafSourceTestHost.Feed(server.BaseAddress, "cisa-metadata");
        options.Kind = CsafSourceKind.ProviderMetadata;
        options.Location = server.Url("provider-metadata.json").AbsoluteUri;
        using var host = new CsafSourceTestHost([options]);
        var first = await host.Runner().RunAsync(force: true, onlySource: null, CancellationToken.None);
        Assert.Equal(SourceSyncStatus.Succeeded, Assert.Single(first).Status);
        Assert.True(Assert.Single(first).DocumentsStored > 0);
        server.ClearRequests();

        var second = await host.Runner().RunAsync(force: true, onlySource: null, CancellationToken.None);

        Assert.Equal(SourceSyncStatus.Succeeded, Assert.Single(second).Status);
        var metadataRequest = Assert.Single(server.Requests, r => r.Path == "/provider-metadata.json");
        Assert.True(metadataRequest.IfNoneMatch.Length > 0 || metadataRequest.IfModifiedSince.Length > 0, "provider-metadata.json was fetched without validators");
        Assert.Equal(0, Assert.Single(second).DocumentsStored);
    }
}
