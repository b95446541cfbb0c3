using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AdvisoryTracker.Deployment.Tests.Infrastructure;

/// <summary>
/// The rules that relate local.settings.sample.json (the app's settings) to the app settings Bicep emits. This is the
/// ONE place that lists the exceptions; docs/deploy-to-azure.md ("App settings") explains them to operators.
/// </summary>
internal static partial class AppSettingsContract
{
    /// <summary>Local-only names (and name prefixes ending in "__"): never emitted in Azure.</summary>
    public static readonly IReadOnlyDictionary<string, string> LocalOnly = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] = "Azurite connection string; Azure uses AzureWebJobsStorage__accountName with the app's identity.",
        ["ServiceBusConnection"] = "connection string of a local broker; Azure uses ServiceBusConnection__fullyQualifiedNamespace.",
        ["LocalRunner__"] = "settings of the local runner (CLI), which does not run in Azure.",
    };

    /// <summary>Names Flex Consumption refuses as app settings: functionAppConfig.runtime carries them.</summary>
    public static readonly IReadOnlyDictionary<string, string> FlexManaged = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = "set by functionAppConfig.runtime.name on Flex Consumption.",
        ["FUNCTIONS_EXTENSION_VERSION"] = "fixed by the Flex Consumption platform.",
    };

    /// <summary>Names only Azure needs: emitted by Bicep, absent from the local sample.</summary>
    public static readonly IReadOnlyDictionary<string, string> AzureOnly = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Entra ID telemetry, needed because Application Insights has local auth off.",
    };

    /// <summary>Index segments of configuration lists ("CsafSources__0__Name") compare as "CsafSources__N__Name".</summary>
    public static string Normalise(string name) => IndexSegment().Replace(name, "__N__");

    public static bool IsLocalOnly(string name) =>
        LocalOnly.Keys.Any(key => key.EndsWith("__", StringComparison.Ordinal)
            ? name.StartsWith(key, StringComparison.Ordinal)
            : name == key);

    /// <summary>Names of local.settings.sample.json ("Values" keys).</summary>
    public static IReadOnlyList<string> SampleNames(JsonObject sample) =>
        (sample["Values"] as JsonObject ?? throw new InvalidOperationException("local.settings.sample.json has no Values object."))
        .Select(pair => pair.Key).ToArray();

    /// <summary>Compares the sample with the emitted names; the message says which names are missing on which side.</summary>
    public static SettingsDrift Compare(IEnumerable<string> sampleNames, IEnumerable<string> emittedNames)
    {
        var expected = sampleNames
            .Where(name => !IsLocalOnly(name) && !FlexManaged.ContainsKey(name))
            .Select(Normalise)
            .ToHashSet(StringComparer.Ordinal);
        var emitted = emittedNames
            .Where(name => !AzureOnly.ContainsKey(name))
            .Select(Normalise)
            .ToHashSet(StringComparer.Ordinal);
        return new SettingsDrift(
            expected.Except(emitted).Order(StringComparer.Ordinal).ToArray(),
            emitted.Except(expected).Order(StringComparer.Ordinal).ToArray());
    }

    [GeneratedRegex(@"__\d+__")]
    private static partial Regex IndexSegment();
}

internal sealed record SettingsDrift(IReadOnlyList<string> MissingInBicep, IReadOnlyList<string> MissingInSample)
{
    public bool IsEmpty => MissingInBicep.Count == 0 && MissingInSample.Count == 0;

    public string Describe()
    {
        var lines = new List<string> { "App settings drift between local.settings.sample.json and bicep/modules/appsettings.bicep:" };
        if (MissingInBicep.Count > 0)
        {
            lines.Add(
                "  In local.settings.sample.json but NOT emitted by bicep/modules/appsettings.bicep (add them to fixedAppSettings, " +
                "or to the local-only list in AppSettingsContract.cs if Azure must not have them): " +
                string.Join(", ", MissingInBicep));
        }

        if (MissingInSample.Count > 0)
        {
            lines.Add(
                "  Emitted by bicep/modules/appsettings.bicep but NOT in local.settings.sample.json (add them to the sample, or " +
                "to the Azure-only list in AppSettingsContract.cs): " + string.Join(", ", MissingInSample));
        }

        if (MissingInBicep.Any(name => name.Contains("__N__", StringComparison.Ordinal)))
        {
            lines.Add(
                "  Names with __N__ are list entries (CsafSources__0__Name): add the field to csafSourceType in " +
                "bicep/modules/types.bicep and to csafSourceSettings in bicep/modules/appsettings.bicep.");
        }

        lines.Add("  (__N__ stands for any list index, e.g. CsafSources__0__Name.)");
        return string.Join(Environment.NewLine, lines);
    }
}
