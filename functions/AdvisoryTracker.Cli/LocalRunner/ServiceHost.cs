using AdvisoryTracker.Adapters.Logging;
using AdvisoryTracker.Adapters;
using AdvisoryTracker.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Cli.LocalRunner;

/// <summary>
/// The product's services without HTTP or timers, for one-shot CLI commands (ingest, devices, dead letters,
/// preferences), with the same settings as the local runner (local.settings.json, then the environment).
/// </summary>
internal static class ServiceHost
{
    /// <param name="configure">Adds settings over the file and environment (tests use it).</param>
    /// <param name="rewrite">Replaces the resulting settings, e.g. the source list for <c>ingest --from</c>.</param>
    public static ServiceProvider Build(
        Action<IConfigurationBuilder>? configure = null,
        Func<IEnumerable<KeyValuePair<string, string?>>, IEnumerable<KeyValuePair<string, string?>>>? rewrite = null)
    {
        var builder = new ConfigurationBuilder().AddFunctionsSettings(FunctionsStyleConfiguration.FindSettingsFile());
        configure?.Invoke(builder);
        IConfiguration configuration = builder.Build();
        if (rewrite is not null)
        {
            configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(rewrite(configuration.AsEnumerable().Where(kv => kv.Value is not null)))
                .Build();
        }

        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging
            .AddStderrConsole()
            .AddOperatorDefaults()
            .SetMinimumLevel(LogLevel.Warning));
        services.AddAdvisoryTrackerDomain();
        services.AddAdvisoryTrackerAdapters(configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            // As a host does at start: every options class validated now, each wrong setting reported at once.
            provider.GetService<IStartupValidator>()?.Validate();
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }
}
