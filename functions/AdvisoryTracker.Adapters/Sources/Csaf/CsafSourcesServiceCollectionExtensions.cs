using System.Reflection;
using Azure.Data.Tables;
using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Csaf.Distribution;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Adapters.Sources.Csaf;

public static class CsafSourcesServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="IAdvisorySource"/> per entry of the <c>CsafSources</c> list (CISA's OT ROLIE feed when
    /// the list is empty), the guarded <see cref="SourceHttpClient"/>, <see cref="SourceSyncRunner"/> with its options
    /// (section <c>Sources</c>) and, unless one is registered, a <see cref="TableSourceStateStore"/> on the
    /// <c>SourceState</c> table of the registered <see cref="TableServiceClient"/>. The host registers the
    /// <see cref="IAdvisorySink"/>. A broken entry fails at startup with a message naming it.
    /// </summary>
    public static IServiceCollection AddCsafSources(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var sources = ReadSources(configuration);
        services.AddSourceHttpClient();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SourceSyncOptions>().BindConfiguration(SourceSyncOptions.SectionName)
            .Validate(o => o.Validate() is null, "Sources: StaleAfter must be positive, HealthHeartbeat positive and shorter than StaleAfter")
            .ValidateOnStart();
        services.TryAddSingleton<ISourceStateStore>(sp =>
            new TableSourceStateStore(sp.GetRequiredService<TableServiceClient>().GetTableClient(TableSourceStateStore.DefaultTableName)));
        services.TryAddSingleton<SourceSyncRunner>();
        foreach (var options in sources)
        {
            services.AddSingleton<IAdvisorySource>(sp => Create(options, sp));
        }

        return services;
    }

    /// <summary>The configured list, validated; the CISA default when empty.</summary>
    public static IReadOnlyList<CsafSourceOptions> ReadSources(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var list = configuration.GetSection(CsafSourceOptions.SectionName).Get<List<CsafSourceOptions>>() ?? [];
        if (list.Count == 0)
        {
            list.Add(CsafSourceOptions.CisaOtDefault());
        }

        foreach (var options in list)
        {
            if (options.Validate() is { } problem)
            {
                throw new InvalidOperationException(problem);
            }
        }

        var duplicate = list.GroupBy(o => o.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"two CSAF sources are named '{duplicate.Key}'; names must be unique");
        }

        return list;
    }

    /// <summary>Builds the source for one entry (also used by tests and the CLI).</summary>
    public static IAdvisorySource Create(CsafSourceOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AdvisoryTracker.Sources.Csaf." + options.Name);
        var gate = CreateGate(options);
        return options.Kind == CsafSourceKind.Folder
            ? new CsafFolderSource(options, gate, logger)
            : new CsafHttpSource(options, gate, services.GetRequiredService<SourceHttpClient>(), logger);
    }

    internal static CsafDocumentGate CreateGate(CsafSourceOptions options)
    {
        var keys = options.PublicKeys.Concat(options.PublicKeyFiles.Select(LoadKeyFile)).ToList();
        var policy = new CsafDocumentPolicy
        {
            SourceName = options.Name,
            RequireSignatures = options.RequireSignatures,
            Verifier = keys.Count == 0 ? null : CsafSignatureVerifier.FromArmoredKeys(keys, options.Name),
            DocumentIdPrefixes = options.DocumentIdPrefixes,
            Vendors = options.Vendors,
        };
        return new CsafDocumentGate(new CsafReader(new CsafReaderOptions { MaxDocumentBytes = options.MaxDocumentBytes }), policy);
    }

    private static string LoadKeyFile(string file)
    {
        if (string.Equals(file.Trim(), CsafSourceOptions.BuiltInCisaKey, StringComparison.OrdinalIgnoreCase))
        {
            var assembly = typeof(CsafSourcesServiceCollectionExtensions).Assembly;
            var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("cisa-csaf-signing-144AED0A57BE7D4AE835D9D8CAC5AC4F74164B17.asc", StringComparison.Ordinal));
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"public key file '{file}' cannot be read: {ex.Message}", ex);
        }
    }
}
