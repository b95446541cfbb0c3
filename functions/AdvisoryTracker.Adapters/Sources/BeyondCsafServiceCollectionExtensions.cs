using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Adapters.Sources.Bulletins;
using AdvisoryTracker.Adapters.Sources.Fda;
using AdvisoryTracker.Adapters.Sources.Kev;
using AdvisoryTracker.Adapters.Sources.OpenFda;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Adapters.Sources;

public static class BeyondCsafServiceCollectionExtensions
{
    /// <summary>
    /// Registers the sources beyond CSAF as <see cref="IAdvisorySource"/> (one per FDA feed, per openFDA endpoint, per
    /// enabled bulletin site, plus the KEV and EPSS refreshers), each with its own name and therefore its own state and
    /// health. Disabled sources are not registered. Requires <see cref="SourceHttpServiceCollectionExtensions.AddSourceHttpClient"/>
    /// and, for KEV/EPSS, an <see cref="IKnownExploitedStore"/> (<see cref="AddTableKnownExploitedStore"/>).
    /// </summary>
    public static IServiceCollection AddBeyondCsafSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FdaSafetyCommunicationsOptions>().BindConfiguration(FdaSafetyCommunicationsOptions.SectionName);
        services.AddOptions<OpenFdaOptions>().BindConfiguration(OpenFdaOptions.SectionName);
        services.AddOptions<KevOptions>().BindConfiguration(KevOptions.SectionName);
        services.AddOptions<EpssOptions>().BindConfiguration(EpssOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PageIngestor>();

        // Which sources exist is configuration, read once here; their settings are bound again at run time.
        var names = new List<string>();
        var fda = configuration.GetSection(FdaSafetyCommunicationsOptions.SectionName).Get<FdaSafetyCommunicationsOptions>() ?? new();
        if (fda.Enabled)
        {
            foreach (var feed in fda.Feeds)
            {
                if (feed.Name.Length == 0 || !Uri.TryCreate(feed.Url, UriKind.Absolute, out _))
                {
                    throw new InvalidOperationException($"FdaSafetyCommunications:Feeds: '{feed.Name}' needs a Name and an absolute Url");
                }

                names.Add(feed.Name);
                services.AddSingleton<IAdvisorySource>(sp => new FdaSafetyCommunicationSource(
                    feed,
                    sp.GetRequiredService<IOptions<FdaSafetyCommunicationsOptions>>().Value,
                    sp.GetRequiredService<PageIngestor>(),
                    sp.GetRequiredService<ILogger<FdaSafetyCommunicationSource>>()));
            }
        }

        var openFda = configuration.GetSection(OpenFdaOptions.SectionName).Get<OpenFdaOptions>() ?? new();
        if (openFda.Enabled)
        {
            if (openFda.PageSize is < 1 or > 1000 || openFda.MaxPagesPerRun < 1 || !Uri.TryCreate(openFda.BaseUrl, UriKind.Absolute, out _))
            {
                throw new InvalidOperationException("OpenFda: PageSize must be 1..1000, MaxPagesPerRun at least 1 and BaseUrl absolute");
            }

            foreach (var endpoint in new[] { (OpenFdaEndpoint.Recall, openFda.Recalls), (OpenFdaEndpoint.Enforcement, openFda.Enforcement) }.Where(e => e.Item2).Select(e => e.Item1))
            {
                services.AddSingleton<IAdvisorySource>(sp => new OpenFdaRecallSource(
                    endpoint,
                    sp.GetRequiredService<IOptions<OpenFdaOptions>>().Value,
                    sp.GetRequiredService<SourceHttpClient>(),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<OpenFdaRecallSource>>()));
            }
        }

        var bulletins = configuration.GetSection(HtmlBulletinOptions.SectionName).Get<List<HtmlBulletinOptions>>() ?? [];
        foreach (var site in bulletins.Select(b => b.ToConfig()).Where(c => c.Enabled))
        {
            if (site.Validate() is { Count: > 0 } problems)
            {
                throw new InvalidOperationException($"HtmlBulletins '{site.Name}': {string.Join("; ", problems)}");
            }

            names.Add(site.Name);

            services.AddSingleton<IAdvisorySource>(sp => new HtmlBulletinSource(site, sp.GetRequiredService<PageIngestor>(), sp.GetRequiredService<ILogger<HtmlBulletinSource>>()));
        }

        if (names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new InvalidOperationException($"source name '{duplicate.Key}' is used twice; every source needs its own name (it keys the source's state)");
        }

        if (configuration.GetSection(KevOptions.SectionName).Get<KevOptions>() is { Enabled: true })
        {
            services.AddSingleton<IAdvisorySource>(sp => new KevRefreshSource(
                sp.GetRequiredService<IOptions<KevOptions>>().Value,
                sp.GetRequiredService<SourceHttpClient>(),
                sp.GetRequiredService<IKnownExploitedStore>(),
                sp.GetRequiredService<ILogger<KevRefreshSource>>(),
                sp.GetService<KnownExploitedEventService>(),
                sp.GetService<TimeProvider>(),
                sp.GetService<IKnownExploitedCatalog>() as StoredKnownExploitedCatalog));
        }

        if (configuration.GetSection(EpssOptions.SectionName).Get<EpssOptions>() is { Enabled: true })
        {
            services.AddSingleton<IAdvisorySource>(sp => new EpssRefreshSource(
                sp.GetRequiredService<IOptions<EpssOptions>>().Value,
                sp.GetRequiredService<SourceHttpClient>(),
                sp.GetRequiredService<IKnownExploitedStore>(),
                sp.GetRequiredService<ILogger<EpssRefreshSource>>()));
        }

        return services;
    }

    /// <summary>Registers <see cref="TableKnownExploitedStore"/> on the application's <see cref="TableServiceClient"/>.</summary>
    public static IServiceCollection AddTableKnownExploitedStore(this IServiceCollection services, string tableName = TableKnownExploitedStore.DefaultTableName)
    {
        services.TryAddSingleton<IKnownExploitedStore>(sp => new TableKnownExploitedStore(sp.GetRequiredService<TableServiceClient>(), tableName));
        return services;
    }
}
