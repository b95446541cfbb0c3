using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdvisoryTracker.Deployment.Tests.Infrastructure;

namespace AdvisoryTracker.Deployment.Tests;

/// <summary>The files around the template: parameters, azure.yaml for azd, the deployment guide.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class DeploymentToolingTests(CompiledTemplateFixture compiled)
{
    private JsonObject Parameters => compiled.Template["parameters"]!.AsObject();

    [Fact]
    public void ParametersFile_NamesOnlyParametersOfTheTemplate()
    {
        var file = JsonNode.Parse(File.ReadAllText(RepositoryLayout.MainParameters))!["parameters"]!.AsObject();

        var unknown = file.Select(pair => pair.Key).Where(name => !Parameters.ContainsKey(name)).ToArray();

        Assert.Empty(unknown);
    }

    [Fact]
    public void ParametersFile_GivesEveryParameterWithoutDefault()
    {
        var file = JsonNode.Parse(File.ReadAllText(RepositoryLayout.MainParameters))!["parameters"]!.AsObject();

        var missing = Parameters
            .Where(pair => pair.Value is JsonObject parameter && !parameter.ContainsKey("defaultValue") && parameter["nullable"] is null)
            .Select(pair => pair.Key)
            .Where(name => !file.ContainsKey(name))
            .ToArray();

        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("namePrefix")]
    [InlineData("location")]
    [InlineData("emailSenderAddress")]
    [InlineData("smtpHost")]
    [InlineData("alertEmail")]
    [InlineData("notificationTransport")]
    public void Parameter_IsDescribed(string name)
    {
        Assert.False(string.IsNullOrWhiteSpace((string?)Parameters[name]?["metadata"]?["description"]), $"{name} needs @description");
    }

    [Fact]
    public void NotificationTransport_OffersServiceBusByDefaultAndStorageQueue()
    {
        var parameter = Parameters["notificationTransport"]!;
        var typeReference = (string?)parameter["$ref"] ?? "";
        var type = compiled.Template["definitions"]![typeReference.Split('/').Last()]!;

        Assert.Equal("ServiceBus", (string?)parameter["defaultValue"]);
        Assert.Equal(["ServiceBus", "StorageQueue"], type["allowedValues"]!.AsArray().Select(value => (string?)value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Outputs_GiveTheDeploymentToolTheAppAndResourceGroup()
    {
        var outputs = compiled.Template["outputs"]!.AsObject();

        Assert.Contains("AZURE_RESOURCE_GROUP", outputs.Select(pair => pair.Key));
        Assert.Contains("AZURE_FUNCTION_APP_NAME", outputs.Select(pair => pair.Key));
        Assert.Contains("SERVICE_API_URI", outputs.Select(pair => pair.Key));
    }

    [Fact]
    public void AzureYaml_PointsAtBicepAndTheFunctionsProjectTaggedOnTheSite()
    {
        var yaml = File.ReadAllText(RepositoryLayout.AzureYaml);
        var infraPath = YamlValue(yaml, "path");
        var project = YamlValue(yaml, "project");
        var serviceName = ServiceName().Match(yaml).Groups["name"].Value;

        Assert.Equal("bicep", infraPath);
        Assert.Equal("main", YamlValue(yaml, "module"));
        Assert.Equal("function", YamlValue(yaml, "host"));
        Assert.True(
            File.Exists(Path.Combine(RepositoryLayout.Root, project, "AdvisoryTracker.Functions.csproj")),
            $"azure.yaml project '{project}' has no AdvisoryTracker.Functions.csproj");
        var site = Assert.Single(compiled.Resources.OfType("Microsoft.Web/sites"));
        var functionAppModule = compiled.Resources.Single(resource =>
            resource.Type == ArmTemplate.DeploymentType && (string?)resource.Resource["name"] == "functionapp");
        Assert.Contains("'azd-service-name', parameters('azdServiceName')", (string?)site.At("tags"), StringComparison.Ordinal);
        Assert.Equal(serviceName, (string?)functionAppModule.At("properties.parameters.azdServiceName.value"));
    }

    [Fact]
    public void DeployGuide_ExplainsTheSettingsExceptions()
    {
        var guide = File.ReadAllText(RepositoryLayout.DeployDoc);

        var unexplained = AppSettingsContract.LocalOnly.Keys
            .Concat(AppSettingsContract.FlexManaged.Keys)
            .Concat(AppSettingsContract.AzureOnly.Keys)
            .Where(name => !guide.Contains($"`{name}", StringComparison.Ordinal))
            .ToArray();

        Assert.Empty(unexplained);
    }

    [Fact]
    public void AzureCliCommands_InTheGuideAndAtopMainBicep_PassNoAzdPlaceholders()
    {
        // main.parameters.json holds ${VAR} placeholders only azd expands; the Azure CLI would deploy them literally.
        var guide = File.ReadAllText(RepositoryLayout.DeployDoc);
        var azSection = Section(guide, "### Deploy with the Azure CLI");
        var header = string.Join('\n', File.ReadLines(RepositoryLayout.MainBicep).TakeWhile(line => line.StartsWith("//", StringComparison.Ordinal)));

        Assert.Contains("az deployment group create", azSection, StringComparison.Ordinal);
        Assert.Contains("az deployment group create", header, StringComparison.Ordinal);
        foreach (var text in new[] { azSection, header })
        {
            Assert.DoesNotContain("${", text, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"az deployment group create[^\n]*main\.parameters\.json", text);
        }
    }

    [Fact]
    public void AzdSection_CreatesTheResourceGroupItNames()
    {
        // A resource-group-scoped template: azd deploys into AZURE_RESOURCE_GROUP and does not create it.
        var azd = Section(File.ReadAllText(RepositoryLayout.DeployDoc), "### Deploy with azd");
        var group = Regex.Match(azd, @"azd env set AZURE_RESOURCE_GROUP (?<name>\S+)");

        Assert.True(group.Success, "the azd section sets AZURE_RESOURCE_GROUP");
        var create = azd.IndexOf($"az group create -n {group.Groups["name"].Value}", StringComparison.Ordinal);
        Assert.True(create >= 0 && create < azd.IndexOf("azd up", StringComparison.Ordinal), "az group create comes before azd up");
    }

    [Fact]
    public void DeployGuide_EndsWithTheSmokeCheckOfAFreshDeployment()
    {
        var guide = File.ReadAllText(RepositoryLayout.DeployDoc);
        var last = guide[guide.LastIndexOf("\n### ", StringComparison.Ordinal)..];

        Assert.StartsWith("\n### Smoke check after a deployment", last, StringComparison.Ordinal);
        Assert.Contains("/api/health", last, StringComparison.Ordinal);
        Assert.Contains("AdvisoryTracker.Cli -- smoke --url", last, StringComparison.Ordinal);
        var command = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "functions", "AdvisoryTracker.Cli", "Commands", "SmokeCommand.cs"));
        Assert.Contains("public string Name => \"smoke\";", command, StringComparison.Ordinal);
        foreach (var option in Regex.Matches(last, @"smoke (?<args>.*)").Single().Groups["args"].Value.Split(' ').Where(word => word.StartsWith("--", StringComparison.Ordinal)))
        {
            Assert.Contains($"\"{option}\"", command, StringComparison.Ordinal);
        }
    }

    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/deploy-to-azure.md has no '{heading}'");
        var end = markdown.IndexOf("\n### ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }

    private static string YamlValue(string yaml, string key)
    {
        var match = Regex.Match(yaml, $@"^\s*{Regex.Escape(key)}:\s*(?<value>\S+)\s*$", RegexOptions.Multiline);
        Assert.True(match.Success, $"azure.yaml has no '{key}:'");
        return match.Groups["value"].Value.TrimStart('.', '/');
    }

    [GeneratedRegex(@"^services:\s*\n\s+(?<name>[\w-]+):", RegexOptions.Multiline)]
    private static partial Regex ServiceName();
}
