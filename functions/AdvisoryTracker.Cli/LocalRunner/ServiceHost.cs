using AdvisoryTracker.Adapters;
using AdvisoryTracker.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Cli.LocalRunner;

/// <summary>The product's services without HTTP or timers, for one-shot CLI commands (ingest, dead letters, ...).</summary>
internal static class ServiceHost
{
    /// <summary>
    /// Builds the services from the Functions-style settings (local.settings.json, then environment). <paramref name="rewrite"/>
    /// may replace settings (e.g. the source list for <c>ingest --from</c>).
    /// </summary>
    public static IHost Build(Func<IEnumerable<KeyValuePair<string, string?>>, IEnumerable<KeyValuePair<string, string?>>>? rewrite = null)
    {
        var settings = new ConfigurationBuilder().AddFunctionsSettings(FunctionsStyleConfiguration.FindSettingsFile()).Build();
        IEnumerable<KeyValuePair<string, string?>> values = settings.AsEnumerable().Where(kv => kv.Value is not null);
        if (rewrite is not null)
        {
            values = rewrite(values);
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAdvisoryTrackerDomain();
        builder.Services.AddAdvisoryTrackerAdapters(builder.Configuration);
        return builder.Build();
    }
}
