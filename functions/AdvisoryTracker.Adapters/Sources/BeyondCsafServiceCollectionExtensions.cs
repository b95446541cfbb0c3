using AdvisoryTracker.Adapters.Configuration;
using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Adapters.Sources.Bulletins;
using AdvisoryTracker.Adapters.Sources.Fda;
using AdvisoryTracker.Adapters.Sources.Kev;
using AdvisoryTracker.Adapters.Sources.OpenFda;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Configuration;
using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Domain.Tracking;
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
    /// and, for KEV/EPSS, an <see cref="IKnownExploitedStore"/>. The FDA, openFDA, KEV and EPSS settings are
    /// validated at start (their validators); the bulletin list and source names here, since they decide what is registered.
    /// </summary>
    public static IServiceCollection AddBeyondCsafSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<FdaSafetyCommunicationsOptions, FdaSafetyCommunicationsOptionsValidator>(FdaSafetyCommunicationsOptions.SectionName);
        services.AddValidatedOptions<OpenFdaOptions, OpenFdaOptionsValidator>(OpenFdaOptions.SectionName);
        services.AddValidatedOptions<KevOptions, KevOptionsValidator>(KevOptions.SectionName);
        services.AddValidatedOptions<EpssOptions, EpssOptionsValidator>(EpssOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PageIngestor>();

        // Which sources exist is configuration, read once here; their settings are bound again at run time.
        var names = new List<string>();
        var fda = configuration.GetSection(FdaSafetyCommunicationsOptions.SectionName).Get<FdaSafetyCommunicationsOptions>() ?? new();
        if (fda.Enabled)
        {
            foreach (var feed in fda.Feeds)
            {
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

        // The bulletin list decides which sources are registered, so it is checked here, with the same per-setting
        // messages as the options validators give at start.
        var problems = new SettingProblems(HtmlBulletinOptions.SectionName);
        var bulletins = configuration.GetSection(HtmlBulletinOptions.SectionName).Get<List<HtmlBulletinOptions>>() ?? [];
        for (var i = 0; i < bulletins.Count; i++)
        {
            var site = bulletins[i].ToConfig();
            if (!site.Enabled)
            {
                continue;
            }

            foreach (var problem in site.Validate())
            {
                problems.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), problem);
            }

            if (names.Contains(site.Name, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{i}:{nameof(HtmlBulletinOptions.Name)}", $"'{site.Name}' is used twice; every source needs its own name (it keys the source's state)");
            }

            names.Add(site.Name);
            services.AddSingleton<IAdvisorySource>(sp => new HtmlBulletinSource(site, sp.GetRequiredService<PageIngestor>(), sp.GetRequiredService<ILogger<HtmlBulletinSource>>()));
        }

        if (problems.Failures.Count > 0)
        {
            throw new OptionsValidationException(HtmlBulletinOptions.SectionName, typeof(HtmlBulletinOptions), problems.Failures);
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
}
