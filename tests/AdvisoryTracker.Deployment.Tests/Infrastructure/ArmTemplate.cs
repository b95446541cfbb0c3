using System.Text.Json.Nodes;

namespace AdvisoryTracker.Deployment.Tests.Infrastructure;

/// <summary>One ARM resource of a compiled template, with the (nested) template that declares it.</summary>
internal sealed record ArmResource(JsonObject Resource, JsonObject Template, string Path)
{
    public string Type => (string?)Resource["type"] ?? "";

    public JsonObject Properties => Resource["properties"] as JsonObject ?? [];

    /// <summary>The deployment condition: an expression string, or a literal boolean as JSON.</summary>
    public string? Condition => Resource["condition"] switch
    {
        JsonValue value when value.TryGetValue<string>(out var expression) => expression,
        { } other => other.ToJsonString(),
        null => null,
    };

    /// <summary>A string property at a dotted path under the resource ("properties.siteConfig.ftpsState").</summary>
    public JsonNode? At(string dottedPath)
    {
        JsonNode? node = Resource;
        foreach (var segment in dottedPath.Split('.'))
        {
            node = (node as JsonObject)?[segment];
        }

        return node;
    }

    public override string ToString() => $"{Type} ({Path})";
}

/// <summary>Reads compiled ARM JSON (language version 1 or 2) including the templates of nested deployments.</summary>
internal static class ArmTemplate
{
    public const string DeploymentType = "Microsoft.Resources/deployments";

    /// <summary>Resources the template deploys, nested ones included; <c>existing</c> references are left out.</summary>
    public static IReadOnlyList<ArmResource> AllResources(JsonObject template) =>
        Walk(template, "main").Where(resource => (bool?)resource.Resource["existing"] != true).ToArray();

    /// <summary>The nested template of the module deployed under <paramref name="deploymentName"/> (Bicep module name).</summary>
    public static JsonObject ModuleTemplate(JsonObject template, string deploymentName)
    {
        var module = AllResources(template).SingleOrDefault(resource =>
            resource.Type == DeploymentType && (string?)resource.Resource["name"] == deploymentName)
            ?? throw new InvalidOperationException($"No module deployment named '{deploymentName}' in the compiled template.");
        return module.Properties["template"] as JsonObject
            ?? throw new InvalidOperationException($"Module '{deploymentName}' has no inline template.");
    }

    public static IEnumerable<ArmResource> OfType(this IEnumerable<ArmResource> resources, string type) =>
        resources.Where(resource => string.Equals(resource.Type, type, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<ArmResource> Walk(JsonObject template, string path)
    {
        foreach (var (symbol, resource) in Resources(template))
        {
            var resourcePath = $"{path}/{symbol}";
            yield return new ArmResource(resource, template, resourcePath);
            if ((string?)resource["type"] == DeploymentType && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Walk(nested, resourcePath))
                {
                    yield return inner;
                }
            }
        }
    }

    // Language version 2.0 (symbolic names) keeps resources in an object; version 1 in an array.
    private static IEnumerable<(string Symbol, JsonObject Resource)> Resources(JsonObject template) =>
        template["resources"] switch
        {
            JsonObject bySymbol => bySymbol.Select(pair => (pair.Key, (JsonObject)pair.Value!)),
            JsonArray list => list.OfType<JsonObject>().Select((resource, index) => ((string?)resource["name"] ?? $"#{index}", resource)),
            _ => [],
        };
}
