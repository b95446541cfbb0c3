using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Adapters.Sources.Bulletins;
using AdvisoryTracker.Adapters.Sources.Fda;
using AdvisoryTracker.Adapters.Sources.Kev;
using AdvisoryTracker.Adapters.Sources.OpenFda;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Kev;
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
        var fda = configuration.GetSection(FdaSafetyCommunicationsOptions.SectionName).Get<FdaSafetyCommunicationsOptions>() ?? new();
        if (fda.Enabled)
        {
            foreach (var feed in fda.Feeds.Where(f => f.Name.Length > 0 && f.Url.Length > 0))
            {
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
            if (site.Name.Length == 0 || site.ListingUrl.Length == 0)
            {
                throw new InvalidOperationException("HtmlBulletins: an enabled site needs a Name and a ListingUrl");
            }

            services.AddSingleton<IAdvisorySource>(sp => new HtmlBulletinSource(site, sp.GetRequiredService<PageIngestor>(), sp.GetRequiredService<ILogger<HtmlBulletinSource>>()));
        }

        if (configuration.GetSection(KevOptions.SectionName).Get<KevOptions>() is { Enabled: true })
        {
            services.AddSingleton<IAdvisorySource>(sp => new KevRefreshSource(
                sp.GetRequiredService<IOptions<KevOptions>>().Value,
                sp.GetRequiredService<SourceHttpClient>(),
                sp.GetRequiredService<IKnownExploitedStore>(),
                sp.GetRequiredService<ILogger<KevRefreshSource>>()));
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
