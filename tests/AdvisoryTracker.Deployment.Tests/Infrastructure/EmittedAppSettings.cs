using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AdvisoryTracker.Deployment.Tests.Infrastructure;

/// <summary>
/// The app settings of the Function App as compiled: the single <c>Microsoft.Web/sites/config</c> "appsettings"
/// resource of the functionapp module, whose properties are a literal object or a union of template variables.
/// Literal keys are read as they are; keys built in a list loop (format('CsafSources__{0}__Name', index)) are read as
/// "CsafSources__N__Name".
/// </summary>
internal static partial class EmittedAppSettings
{
    public const string ModuleName = "appsettings";

    public static IReadOnlyDictionary<string, string> Read(JsonObject mainTemplate)
    {
        var module = ArmTemplate.ModuleTemplate(mainTemplate, ModuleName);
        var configs = ArmTemplate.AllResources(module)
            .OfType("Microsoft.Web/sites/config")
            .Where(resource => ((string?)resource.Resource["name"] ?? "").EndsWith("'appsettings')]", StringComparison.Ordinal))
            .ToArray();
        if (configs.Length != 1)
        {
            throw new InvalidOperationException($"Expected one appsettings config resource in module '{ModuleName}', found {configs.Length}.");
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        Collect(configs[0].Resource["properties"], module, settings);
        return settings;
    }

    private static void Collect(JsonNode? node, JsonObject module, Dictionary<string, string> settings)
    {
        switch (node)
        {
            case JsonObject literal:
                foreach (var (name, value) in literal)
                {
                    settings[name] = value is JsonValue text && text.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
                }

                break;
            case JsonValue expression when expression.TryGetValue<string>(out var text):
                foreach (Match variable in VariableReference().Matches(text))
                {
                    Collect(module["variables"]?[variable.Groups["name"].Value], module, settings);
                }

                foreach (Match formatted in FormattedName().Matches(text))
                {
                    settings[$"{formatted.Groups["head"].Value}N{formatted.Groups["tail"].Value}"] = text;
                }

                break;
            default:
                throw new InvalidOperationException($"Unexpected app settings shape: {node?.ToJsonString() ?? "null"}.");
        }
    }

    [GeneratedRegex(@"variables\('(?<name>[A-Za-z0-9_]+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"format\('(?<head>[A-Za-z0-9_]*)\{0\}(?<tail>[A-Za-z0-9_]*)'")]
    private static partial Regex FormattedName();
}
