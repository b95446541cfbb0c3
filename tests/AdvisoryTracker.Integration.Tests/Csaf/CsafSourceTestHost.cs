using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Adapters.Sources.Csaf;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Integration.Tests.Csaf;

/// <summary>The real DI wiring (guarded client, standard resilience) with test-speed resilience settings on loopback.</summary>
internal sealed class CsafSourceTestHost : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="states">Where state is kept: in memory unless a test passes the real table store.</param>
    public CsafSourceTestHost(IEnumerable<CsafSourceOptions> sources, ISourceStateStore? states = null, IDictionary<string, string?>? settings = null)
    {
        States = states ?? new InMemorySourceStateStore();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["SourceHttp:AllowLoopback"] = "true",
            ["SourceHttp:RetryDelay"] = "00:00:00.010",
            ["SourceHttp:MaxRetryAttempts"] = "1",
            ["SourceHttp:AttemptTimeout"] = "00:00:01",
            ["SourceHttp:TotalTimeout"] = "00:00:03",
            ["Sources:StaleAfter"] = "1.00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSourceHttpClient();
        services.AddOptions<SourceSyncOptions>().BindConfiguration(SourceSyncOptions.SectionName);
        _services = services.BuildServiceProvider();
        Sources = sources.Select(o => CsafSourcesServiceCollectionExtensions.Create(o, _services)).ToList();
    }

    public IReadOnlyList<IAdvisorySource> Sources { get; }

    public ISourceStateStore States { get; }

    public RecordingAdvisorySink Sink { get; } = new();

    public SourceSyncRunner Runner(TimeProvider? time = null) => new(
        Sources, States, Sink, time ?? TimeProvider.System,
        _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SourceSyncOptions>>(),
        _services.GetRequiredService<ILogger<SourceSyncRunner>>());

    public static CsafSourceOptions Feed(Uri server, string name = "cisa-test", bool requireSignatures = true) => new()
    {
        Name = name,
        Kind = CsafSourceKind.RolieFeed,
        Location = new Uri(server, CsafDistributionTree.FeedPath).AbsoluteUri,
        RequireSignatures = requireSignatures,
        PublicKeyFiles = [CsafDistributionTree.CisaKeyFile],
    };

    public void Dispose() => _services.Dispose();
}
