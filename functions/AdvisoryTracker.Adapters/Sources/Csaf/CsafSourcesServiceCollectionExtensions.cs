using System.Reflection;
using AdvisoryTracker.Adapters.Configuration;
using AdvisoryTracker.Domain.Configuration;
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
    /// (section <c>Sources</c>). The caller registers the <see cref="ISourceStateStore"/> and the host the
    /// <see cref="IAdvisorySink"/>. A broken entry fails at startup with a message naming it.
    /// </summary>
    public static IServiceCollection AddCsafSources(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var sources = ReadSources(configuration);
        services.AddSourceHttpClient();
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<SourceSyncOptions, SourceSyncOptionsValidator>(SourceSyncOptions.SectionName);
        services.AddValidatedOptions<CsafReaderOptions, CsafReaderOptionsValidator>(CsafReaderOptions.SectionName);
        services.TryAddSingleton<SourceSyncRunner>();
        foreach (var options in sources)
        {
            services.AddSingleton<IAdvisorySource>(sp => Create(options, sp));
        }

        return services;
    }

    /// <summary>The configured list, validated (<see cref="OptionsValidationException"/> naming each wrong setting); the CISA default when empty.</summary>
    public static IReadOnlyList<CsafSourceOptions> ReadSources(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var list = configuration.GetSection(CsafSourceOptions.SectionName).Get<List<CsafSourceOptions>>() ?? [];
        if (list.Count == 0)
        {
            list.Add(CsafSourceOptions.CisaOtDefault());
        }

        // The list decides which sources are registered, so it is checked here, with the same per-setting messages as
        // the options validators give at start.
        var problems = new SettingProblems(CsafSourceOptions.SectionName);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Count; i++)
        {
            list[i].Check(problems, i);
            if (!string.IsNullOrWhiteSpace(list[i].Name) && !seen.Add(list[i].Name))
            {
                problems.Add($"{i}:{nameof(CsafSourceOptions.Name)}", $"'{list[i].Name}' is used by another CSAF source; names must be unique");
            }
        }

        if (problems.Failures.Count > 0)
        {
            throw new OptionsValidationException(CsafSourceOptions.SectionName, typeof(CsafSourceOptions), problems.Failures);
        }

        return list;
    }

    /// <summary>Builds the source for one entry (also used by tests and the CLI).</summary>
    public static IAdvisorySource Create(CsafSourceOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AdvisoryTracker.Sources.Csaf." + options.Name);
        var gate = CreateGate(options, services.GetService<IOptions<CsafReaderOptions>>()?.Value ?? new CsafReaderOptions());
        return options.Kind == CsafSourceKind.Folder
            ? new CsafFolderSource(options, gate, logger)
            : new CsafHttpSource(options, gate, services.GetRequiredService<SourceHttpClient>(), logger);
    }

    /// <summary>The gate of one source: its own document cap within the reader's (<c>Csaf__MaxDocumentBytes</c>, <c>Csaf__MaxDepth</c>).</summary>
    internal static CsafDocumentGate CreateGate(CsafSourceOptions options, CsafReaderOptions reader)
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
        return new CsafDocumentGate(new CsafReader(new CsafReaderOptions { MaxDocumentBytes = Math.Min(options.MaxDocumentBytes, reader.MaxDocumentBytes), MaxDepth = reader.MaxDepth }), policy);
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
