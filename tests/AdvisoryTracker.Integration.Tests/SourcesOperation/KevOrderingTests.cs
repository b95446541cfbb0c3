using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Integration.Tests.Api;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using AdvisoryTracker.TestInfrastructure.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Integration.Tests.SourcesOperation;

/// <summary>
/// Issue 16, points 2 and 3, on the real local runner: a CSAF folder source holding the real ICSMA-21-187-01 (Philips
/// Vue PACS, CVE-2020-1938 "Ghostcat", in the real KEV catalogue since 2022-03-03) and the real KEV catalogue served
/// over loopback HTTP; emails through the relay, the storage queue, the drain and MailDev.
/// </summary>
public sealed class KevOrderingTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests, IDisposable
{
    private const string VuePacs = "ICSMA-21-187-01";
    private readonly string _folder = Directory.CreateTempSubdirectory("kev-order-").FullName;

    [Fact]
    public async Task FirstSync_CsafAndKevConfigured_OneEmailThatAlreadySaysExploitedAndNoNowExploitedEmail()
    {
        File.Copy(RepositoryPaths.Fixture("csaf", "icsma", "icsma-21-187-01.json"), Path.Combine(_folder, "icsma-21-187-01.json"));
        await using var server = await LoopbackHttpServer.StartAsync(RepositoryPaths.Fixture("kev"));
        // The CSAF source is configured first, as in the sample settings: the runner must still load KEV before it.
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
        {
            ["CsafSources:0:Name"] = "philips-folder",
            ["CsafSources:0:Kind"] = "Folder",
            ["CsafSources:0:Location"] = _folder,
            ["Kev:Enabled"] = "true",
            ["Kev:Url"] = server.Url("known_exploited_vulnerabilities.json").ToString(),
        });
        var radiologist = $"radiology-{Guid.NewGuid():N}@example.org";
        await new ApiClient(runner).RegisterAsync(ApiClient.Device("vue-pacs-1", "Philips", "Vue PACS", "12.2.6.0", department: "Radiology", contact: radiologist));

        var reports = await runner.Get<SourceSyncRunner>().RunAsync(force: true, onlySource: null, CancellationToken.None);
        Assert.Equal(["cisa-kev", "philips-folder"], reports.Select(r => r.SourceName));
        Assert.All(reports, r => Assert.Equal(SourceSyncStatus.Succeeded, r.Status));
        await runner.Get<NotificationRelay>().RelayAsync(CancellationToken.None);
        await runner.Get<NotificationDispatcher>().DrainAsync(CancellationToken.None);

        var email = Assert.Single(await mail.WaitForEmailsToAsync(radiologist, 1, TimeSpan.FromSeconds(10)));
        Assert.Contains(VuePacs, email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Now exploited", email.Subject, StringComparison.Ordinal);
        Assert.Contains("EXPLOITED IN THE WILD: yes", email.Text, StringComparison.Ordinal);

        // The next sync (KEV forced again, unchanged catalogue) adds nothing.
        await runner.Get<SourceSyncRunner>().RunAsync(force: true, onlySource: null, CancellationToken.None);
        Assert.Equal(0, await runner.Get<NotificationRelay>().RelayAsync(CancellationToken.None));
        Assert.Single(await mail.EmailsToAsync(radiologist));
    }

    [Fact]
    public async Task FirstKevLoad_AdvisoryStoredBefore_MarkedExploitedButNoNowExploitedEmailForOldEntries()
    {
        await using var server = await LoopbackHttpServer.StartAsync(RepositoryPaths.Fixture("kev"));
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
        {
            ["Kev:Enabled"] = "true",
            ["Kev:Url"] = server.Url("known_exploited_vulnerabilities.json").ToString(),
        });
        var api = new ApiClient(runner);
        var radiologist = $"radiology-{Guid.NewGuid():N}@example.org";
        await api.RegisterAsync(ApiClient.Device("vue-pacs-2", "Philips", "Vue PACS", "12.2.6.0", department: "Radiology", contact: radiologist));
        await api.StoreAdvisoryAsync("icsma-21-187-01.json");
        await runner.Get<NotificationRelay>().RelayAsync(CancellationToken.None);
        await runner.Get<NotificationDispatcher>().DrainAsync(CancellationToken.None);
        Assert.Single(await mail.WaitForEmailsToAsync(radiologist, 1, TimeSpan.FromSeconds(10)));

        await runner.Get<SourceSyncRunner>().RunAsync(force: true, onlySource: "cisa-kev", CancellationToken.None);

        Assert.NotNull(await runner.Get<IKnownExploitedStore>().GetFirstLoadedAsync(CancellationToken.None));
        Assert.Equal(0, await runner.Get<NotificationRelay>().RelayAsync(CancellationToken.None));
        var exploited = (await api.GetJsonAsync("api/advisories?exploited=true")).GetProperty("items").EnumerateArray();
        Assert.Contains(exploited, a => a.GetProperty("id").GetString() == VuePacs);
    }

    [Fact]
    public async Task KevLoaded_AfterTheCatalogueWasReadEmpty_NextQuestionSeesItAtOnce()
    {
        await using var server = await LoopbackHttpServer.StartAsync(RepositoryPaths.Fixture("kev"));
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
        {
            ["Kev:Enabled"] = "true",
            ["Kev:Url"] = server.Url("known_exploited_vulnerabilities.json").ToString(),
        });
        var bytes = await File.ReadAllBytesAsync(RepositoryPaths.Fixture("csaf", "icsma", "icsma-21-187-01.json"));
        var advisory = new CsafReader().Read(bytes).Advisory!;
        var catalog = runner.Get<IKnownExploitedCatalog>();
        Assert.Null(await catalog.IsKnownExploitedAsync(advisory, CancellationToken.None)); // not loaded yet: not known

        var source = runner.Services.GetServices<IAdvisorySource>().Single(s => s.Name == "cisa-kev");
        await source.SyncAsync(new SourceState { SourceName = source.Name }, runner.Get<IAdvisorySink>(), CancellationToken.None);

        Assert.True(await catalog.IsKnownExploitedAsync(advisory, CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
