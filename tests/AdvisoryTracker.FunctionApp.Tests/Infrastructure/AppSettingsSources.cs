using System.Text.Json.Nodes;
using AdvisoryTracker.Deployment.Tests.Infrastructure;

namespace AdvisoryTracker.FunctionApp.Tests.Infrastructure;

/// <summary>The two sets of app settings the Function App is started with: the compiled Bicep's and the local sample's.</summary>
internal static class AppSettingsSources
{
    /// <summary>What an operator passes to the deployment (as in docs/deploy-to-azure.md); every other parameter keeps its default.</summary>
    public static readonly IReadOnlyDictionary<string, JsonNode?> DeploymentParameters = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
    {
        ["namePrefix"] = "advtrk",
        ["emailSenderAddress"] = "advisories@hospital.example",
        ["smtpHost"] = "smtp.azurecomm.net",
        ["smtpUserName"] = "acs-advtrk|00000000-0000-0000-0000-000000000001|00000000-0000-0000-0000-000000000002",
        ["alertEmail"] = "cloud-ops@hospital.example",
        // App Service Authentication on, as docs/deploy-to-azure.md recommends for production.
        ["authClientId"] = "00000000-0000-0000-0000-00000000a0a0",
    };

    /// <summary>
    /// Values only Azure knows (resource names with the resource group's unique token, outputs of other modules), by the
    /// name of the appsettings module's parameter. Endpoints point at loopback addresses where nothing listens, so a
    /// telemetry upload or a connection attempt fails here instead of leaving the machine.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> AzurePlaceholders = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["functionAppName"] = "func-advtrk-test",
        ["defaultHostName"] = "func-advtrk-test.azurewebsites.net",
        ["storageAccountName"] = "stadvtrktest",
        ["appInsightsConnectionString"] =
            "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/",
        ["serviceBusFullyQualifiedNamespace"] = "sb-advtrk-test.servicebus.windows.net",
        ["keyVaultName"] = "kv-advtrk-test",
    };

    /// <summary>What App Service puts in place of a resolved Key Vault reference (the secret's value).</summary>
    public const string ResolvedSecretPlaceholder = "placeholder-secret-from-key-vault";

    /// <summary>
    /// The app settings bicep/main.bicep gives the Function App, read from the compiled template (the appsettings
    /// module's sites/config resource) and evaluated with <see cref="DeploymentParameters"/>, the templates' defaults and
    /// <see cref="AzurePlaceholders"/>. Key Vault references are replaced by a value, as App Service does.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FromCompiledBicep(JsonObject mainTemplate)
    {
        var module = ArmTemplate.ModuleTemplate(mainTemplate, EmittedAppSettings.ModuleName);
        var moduleResource = ArmTemplate.AllResources(mainTemplate).Single(resource =>
            resource.Type == ArmTemplate.DeploymentType && (string?)resource.Resource["name"] == EmittedAppSettings.ModuleName);
        var moduleParameters = moduleResource.Properties["parameters"]!.AsObject();

        JsonNode? MainParameter(string name) =>
            DeploymentParameters.TryGetValue(name, out var given)
                ? given?.DeepClone()
                : mainTemplate["parameters"]?[name]?["defaultValue"]?.DeepClone()
                  ?? throw new InvalidOperationException($"main.bicep parameter '{name}' has no default and the test gives none.");

        JsonNode? MainVariable(string name) => Evaluate(mainTemplate["variables"]?[name], MainParameter, MainVariable);

        JsonNode? ModuleParameter(string name)
        {
            var value = moduleParameters[name]?["value"];
            try
            {
                return value is null
                    ? module["parameters"]?[name]?["defaultValue"]?.DeepClone()
                    : Evaluate(value, MainParameter, MainVariable);
            }
            catch (InvalidOperationException) when (AzurePlaceholders.TryGetValue(name, out var placeholder))
            {
                return placeholder;
            }
        }

        JsonNode? ModuleVariable(string name) => Evaluate(module["variables"]?[name], ModuleParameter, ModuleVariable);

        var csafSources = ModuleParameter("csafSources")?.AsArray() ?? [];
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, expression) in EmittedAppSettings.Read(mainTemplate))
        {
            if (name.Contains("__N__", StringComparison.Ordinal))
            {
                // List settings (CsafSources__<index>__...): none with the default csafSources = [].
                if (csafSources.Count > 0)
                {
                    throw new InvalidOperationException("Give csafSources no entries here, or evaluate the list settings.");
                }

                continue;
            }

            var value = ArmExpression.AsSetting(ArmExpression.Evaluate(expression, ModuleParameter, ModuleVariable));
            if (value.StartsWith('['))
            {
                throw new InvalidOperationException($"{name}: the expression was not evaluated: {value}");
            }

            settings[name] = value.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal) ? ResolvedSecretPlaceholder : value;
        }

        // What the platform adds when App Service Authentication (authsettingsV2) is on.
        if (!string.IsNullOrEmpty((string?)DeploymentParameters["authClientId"]))
        {
            settings["WEBSITE_AUTH_ENABLED"] = "True";
        }

        return settings;
    }

    /// <summary>
    /// The "Values" of local.settings.sample.json, as the local runner reads them, with the Azurite connection string of
    /// the test in place of UseDevelopmentStorage=true (Azurite runs on free ports here) and the sample CSAF folder
    /// resolved from the repository root (where the local runner is started).
    /// </summary>
    public static IReadOnlyDictionary<string, string> FromSettingsSample(string azuriteConnectionString)
    {
        var values = JsonNode.Parse(File.ReadAllText(RepositoryLayout.SettingsSample))!["Values"]!.AsObject();
        var settings = values.ToDictionary(pair => pair.Key, pair => (string?)pair.Value ?? "", StringComparer.Ordinal);
        Assert.Equal("UseDevelopmentStorage=true", settings["AzureWebJobsStorage"]);
        settings["AzureWebJobsStorage"] = azuriteConnectionString;
        foreach (var key in settings.Keys.Where(key => key.StartsWith("CsafSources__", StringComparison.Ordinal) && key.EndsWith("__Location", StringComparison.Ordinal)).ToArray())
        {
            var kind = settings.GetValueOrDefault(key.Replace("__Location", "__Kind", StringComparison.Ordinal));
            if (kind == "Folder" && !Path.IsPathRooted(settings[key]))
            {
                settings[key] = Path.Combine(RepositoryLayout.Root, settings[key]);
            }
        }

        return settings;
    }

    private static JsonNode? Evaluate(JsonNode? node, Func<string, JsonNode?> parameter, Func<string, JsonNode?> variable) =>
        node is JsonValue value && value.TryGetValue<string>(out var text)
            ? ArmExpression.Evaluate(text, parameter, variable)
            : node?.DeepClone();
}
