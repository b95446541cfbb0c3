using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdvisoryTracker.Deployment.Tests.Infrastructure;

namespace AdvisoryTracker.Deployment.Tests;

/// <summary>The points of a security review, checked on the compiled ARM JSON of bicep/main.bicep.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class SecurityReviewTests(CompiledTemplateFixture compiled)
{
    private static readonly Dictionary<string, string> ExpectedRoles = new(StringComparer.Ordinal)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"] = "Azure Service Bus Data Sender",
        ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = "Azure Service Bus Data Receiver",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
    };

    [Theory]
    [InlineData("listKeys(")]
    [InlineData("listConnectionStrings")]
    [InlineData("listSecrets")]
    [InlineData("listAccountSas")]
    [InlineData("listServiceSas")]
    [InlineData("AccountKey=")]
    [InlineData("SharedAccessKey")]
    [InlineData("SharedAccessSignature")]
    [InlineData("UseDevelopmentStorage")]
    [InlineData("InstrumentationKey=")]
    public void Template_Anywhere_HoldsNoKeyOrSecretConnectionString(string forbidden)
    {
        Assert.DoesNotContain(forbidden, compiled.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void StorageAccount_AllowsOnlyIdentityOverTls12Https()
    {
        var storage = Assert.Single(compiled.Resources.OfType("Microsoft.Storage/storageAccounts"));

        Assert.False((bool?)storage.At("properties.allowSharedKeyAccess") ?? true, "shared-key access must be off");
        Assert.False((bool?)storage.At("properties.allowBlobPublicAccess") ?? true, "public blob access must be off");
        Assert.True((bool?)storage.At("properties.supportsHttpsTrafficOnly") ?? false, "HTTPS only");
        Assert.Equal("TLS1_2", (string?)storage.At("properties.minimumTlsVersion"));
        Assert.True((bool?)storage.At("properties.defaultToOAuthAuthentication") ?? false, "portal uses Entra ID by default");
        Assert.False((bool?)storage.At("properties.isLocalUserEnabled") ?? true, "no local (SFTP) users");
        Assert.All(
            compiled.Resources.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            container => Assert.Equal("None", (string?)container.At("properties.publicAccess")));
    }

    [Fact]
    public void FunctionApp_IsFlexConsumptionLinuxWithIdentityHttpsOnlyAndNoFtp()
    {
        var plan = Assert.Single(compiled.Resources.OfType("Microsoft.Web/serverfarms"));
        Assert.Equal("FlexConsumption", (string?)plan.At("sku.tier"));
        Assert.Equal("FC1", (string?)plan.At("sku.name"));
        Assert.True((bool?)plan.At("properties.reserved") ?? false, "Linux plan");

        var site = Assert.Single(compiled.Resources.OfType("Microsoft.Web/sites"));
        Assert.Equal("functionapp,linux", (string?)site.At("kind"));
        Assert.Equal("SystemAssigned", (string?)site.At("identity.type"));
        Assert.True((bool?)site.At("properties.httpsOnly") ?? false, "HTTPS only");
        Assert.Equal("1.2", (string?)site.At("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", (string?)site.At("properties.siteConfig.scmMinTlsVersion"));
        Assert.Equal("Disabled", (string?)site.At("properties.siteConfig.ftpsState"));
        Assert.False((bool?)site.At("properties.siteConfig.remoteDebuggingEnabled") ?? true, "remote debugging off");
        Assert.Equal("dotnet-isolated", (string?)site.At("properties.functionAppConfig.runtime.name"));
        Assert.Equal("blobContainer", (string?)site.At("properties.functionAppConfig.deployment.storage.type"));
        Assert.Equal(
            "SystemAssignedIdentity",
            (string?)site.At("properties.functionAppConfig.deployment.storage.authentication.type"));
        Assert.Null(site.At("properties.siteConfig.appSettings"));

        var policies = compiled.Resources.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToArray();
        Assert.Equal(2, policies.Length);
        Assert.All(policies, policy => Assert.False((bool?)policy.At("properties.allow") ?? true, $"{policy} must be off"));
    }

    [Fact]
    public void DotnetVersion_DefaultsTo10()
    {
        var parameter = compiled.Template["parameters"]!["dotnetVersion"]!;

        Assert.Equal("10.0", (string?)parameter["defaultValue"]);
    }

    [Fact]
    public void ServiceBus_IsStandardOrHigherWithLocalAuthOffAndTls12()
    {
        var serviceBus = Assert.Single(compiled.Resources.OfType("Microsoft.ServiceBus/namespaces"));
        Assert.True((bool?)serviceBus.At("properties.disableLocalAuth") ?? false, "local (SAS) auth must be off");
        Assert.Equal("1.2", (string?)serviceBus.At("properties.minimumTlsVersion"));

        var allowedSkus = compiled.Template["parameters"]!["serviceBusSku"]!["allowedValues"]!.AsArray()
            .Select(value => (string)value!).ToArray();
        Assert.Equal(["Standard", "Premium"], allowedSkus);
    }

    [Fact]
    public void NotificationsQueue_DetectsDuplicatesAndDeadLettersOnExpiry()
    {
        var queue = Assert.Single(compiled.Resources.OfType("Microsoft.ServiceBus/namespaces/queues"));

        Assert.True((bool?)queue.At("properties.requiresDuplicateDetection") ?? false);
        Assert.True((bool?)queue.At("properties.deadLetteringOnMessageExpiration") ?? false);
        Assert.Equal("[parameters('duplicateDetectionWindow')]", (string?)queue.At("properties.duplicateDetectionHistoryTimeWindow"));
        Assert.Equal("[parameters('maxDeliveryCount')]", (string?)queue.At("properties.maxDeliveryCount"));
        Assert.Equal("[parameters('lockDuration')]", (string?)queue.At("properties.lockDuration"));
        Assert.Equal(10, (int?)compiled.Template["parameters"]!["maxDeliveryCount"]!["defaultValue"]);
    }

    [Fact]
    public void KeyVault_UsesRbacWithPurgeProtectionAndHoldsTheSmtpPassword()
    {
        var vault = Assert.Single(compiled.Resources.OfType("Microsoft.KeyVault/vaults"));
        Assert.True((bool?)vault.At("properties.enableRbacAuthorization") ?? false, "RBAC mode");
        Assert.True((bool?)vault.At("properties.enablePurgeProtection") ?? false, "purge protection");
        Assert.Null(vault.At("properties.accessPolicies"));

        var secrets = compiled.Resources.OfType("Microsoft.KeyVault/vaults/secrets").ToArray();
        var smtp = Assert.Single(secrets, resource => (string?)resource.At("properties.value") == "[parameters('smtpPassword')]");
        Assert.Null(smtp.Condition);
        var actionLink = Assert.Single(secrets, resource => (string?)resource.At("properties.value") == "[parameters('actionLinkKey')]");
        Assert.Null(actionLink.Condition);
        Assert.Equal("securestring", (string?)compiled.Template["parameters"]!["smtpPassword"]!["type"]);
        Assert.Equal("securestring", (string?)compiled.Template["parameters"]!["actionLinkKey"]!["type"]);
    }

    [Fact]
    public void Monitoring_HasLocalAuthOffOnWorkspaceAndApplicationInsights()
    {
        var workspace = Assert.Single(compiled.Resources.OfType("Microsoft.OperationalInsights/workspaces"));
        Assert.True((bool?)workspace.At("properties.features.disableLocalAuth") ?? false);

        var appInsights = Assert.Single(compiled.Resources.OfType("Microsoft.Insights/components"));
        Assert.True((bool?)appInsights.At("properties.DisableLocalAuth") ?? false);
        Assert.NotNull(appInsights.At("properties.WorkspaceResourceId"));
    }

    [Fact]
    public void TlsSettings_Everywhere_AreAtLeast12()
    {
        var tlsProperties = compiled.Resources
            .SelectMany(resource => Descendants(resource.Resource)
                .Where(pair => pair.Name is "minimumTlsVersion" or "minTlsVersion" or "scmMinTlsVersion")
                .Select(pair => (resource, pair.Name, Value: pair.Value?.ToString())))
            .ToArray();

        Assert.True(tlsProperties.Length >= 4, $"expected TLS settings on storage, Service Bus and the site, found {tlsProperties.Length}");
        Assert.All(tlsProperties, entry => Assert.True(
            entry.Value is "1.2" or "1.3" or "TLS1_2" or "TLS1_3",
            $"{entry.resource}: {entry.Name} = {entry.Value}"));
    }

    [Fact]
    public void PublicNetworkAccess_EnabledOnlyWhereDocumented()
    {
        var documented = File.ReadAllText(RepositoryLayout.DeployDoc);
        var networkSection = documented[documented.IndexOf("## Network exposure", StringComparison.Ordinal)..];
        var enabled = compiled.Resources
            .Where(resource => !string.Equals((string?)resource.At("properties.publicNetworkAccess"), "Disabled", StringComparison.Ordinal)
                && resource.Properties.ContainsKey("publicNetworkAccess"))
            .Select(resource => resource.Type)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

        Assert.NotEmpty(enabled);
        var undocumented = enabled.Where(type => !networkSection.Contains($"`{type}`", StringComparison.Ordinal)).ToArray();
        Assert.True(
            undocumented.Length == 0,
            "Public network access is on but not explained in docs/deploy-to-azure.md, section \"Network exposure\": " +
            string.Join(", ", undocumented));
    }

    [Theory]
    [InlineData("Microsoft.Web/sites")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices")]
    [InlineData("Microsoft.Storage/storageAccounts/tableServices")]
    [InlineData("Microsoft.Storage/storageAccounts/queueServices")]
    [InlineData("Microsoft.ServiceBus/namespaces")]
    [InlineData("Microsoft.KeyVault/vaults")]
    public void DiagnosticSettings_ForResource_SendLogsToTheWorkspace(string monitoredType)
    {
        var settings = compiled.Resources.OfType("Microsoft.Insights/diagnosticSettings")
            .Where(setting => ScopeType(setting) == monitoredType)
            .ToArray();

        var setting = Assert.Single(settings);
        Assert.Equal("[parameters('workspaceId')]", (string?)setting.At("properties.workspaceId"));
        Assert.Contains(
            setting.At("properties.logs")!.AsArray(),
            log => (bool?)log?["enabled"] == true);
    }

    [Fact]
    public void RoleAssignments_AreExactlyTheLeastRolesForTheAppIdentity()
    {
        var assignments = compiled.Resources.OfType("Microsoft.Authorization/roleAssignments").ToArray();
        var roleIds = assignments.Select(RoleId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

        // Key Vault Secrets User more than once: each assignment scoped to one secret (the SMTP password, the one-click
        // action link key, the optional openFDA key).
        Assert.Equal(ExpectedRoles.Keys.Order(StringComparer.Ordinal), roleIds);
        Assert.All(assignments.Where(a => RoleId(a) == "4633458b-17de-408a-b874-0445c86b69e6"),
            assignment => Assert.Contains("secrets", (string?)assignment.At("scope") ?? "", StringComparison.OrdinalIgnoreCase));
        Assert.All(assignments, assignment =>
        {
            Assert.Equal("ServicePrincipal", (string?)assignment.At("properties.principalType"));
            Assert.Equal("[parameters('principalId')]", (string?)assignment.At("properties.principalId"));
            var name = (string?)assignment.At("name") ?? "";
            Assert.Matches(@"^\[guid\(.+, parameters\('principalId'\), variables\('roleIds'\)\.\w+\)\]$", name);
        });
    }

    [Fact]
    public void QueueDataContributor_IsAssignedWhateverTheTransport_BecauseTheBackfillQueueIsAlwaysUsed()
    {
        // Registering a device and every source sync enqueue to the device-backfill Storage queue, and the DeviceBackfill
        // timer reads it, with the Service Bus transport too.
        var roles = ArmTemplate.ModuleTemplate(compiled.Template, "roles");
        var queueRole = ArmTemplate.AllResources(roles).OfType("Microsoft.Authorization/roleAssignments")
            .Single(assignment => RoleId(assignment) == "974c5e8b-45b9-4653-ba55-5f855dd0fb88");

        Assert.Null(queueRole.Condition);
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]", (string?)queueRole.At("scope"));
        var guide = File.ReadAllText(RepositoryLayout.DeployDoc);
        Assert.Contains("| Storage Queue Data Contributor | storage account | always:", guide, StringComparison.Ordinal);
        Assert.DoesNotContain("only with `notificationTransport = StorageQueue`", guide, StringComparison.Ordinal);
    }

    [Fact]
    public void RoleAssignments_AreDeployedAfterEveryResourceTheyScopeTo()
    {
        // ARM orders deployments only by dependsOn: names passed as strings alone would let the roles race the vault,
        // its secrets and the Service Bus queue on the first deployment.
        var ordered = DependenciesOf("roles");

        Assert.Contains("functionApp", ordered);
        Assert.Contains("storage", ordered);
        Assert.Contains("serviceBus", ordered);
        Assert.Contains("keyVault", ordered);
        Assert.Contains("monitoring", ordered);
        Assert.Contains("roles", DependenciesOf("appSettings"));
    }

    [Fact]
    public void OpenFdaApiKey_IsAKeyVaultSecretThatOnlyTheAppIdentityMayRead()
    {
        Assert.Null(compiled.Template["parameters"]!["openFdaApiKeyReference"]);
        Assert.Equal("securestring", (string?)compiled.Template["parameters"]!["openFdaApiKey"]!["type"]);
        Assert.Equal("", (string?)compiled.Template["parameters"]!["openFdaApiKey"]!["defaultValue"]);

        var secret = compiled.Resources.OfType("Microsoft.KeyVault/vaults/secrets")
            .Single(resource => ((string?)resource.At("properties.value"))?.Contains("openFdaApiKey", StringComparison.Ordinal) == true);
        Assert.Equal("[not(empty(parameters('openFdaApiKeySecretName')))]", secret.Condition);

        var roles = ArmTemplate.ModuleTemplate(compiled.Template, "roles");
        var secretRoles = ArmTemplate.AllResources(roles).OfType("Microsoft.Authorization/roleAssignments")
            .Where(assignment => RoleId(assignment) == "4633458b-17de-408a-b874-0445c86b69e6")
            .ToArray();
        Assert.Equal(3, secretRoles.Length); // SMTP password, one-click action link key, openFDA key: one secret each
        var openFdaRole = Assert.Single(secretRoles, role => ((string?)role.At("scope"))?.Contains("openFdaApiKeySecretName", StringComparison.Ordinal) == true);
        Assert.Equal("[not(empty(parameters('openFdaApiKeySecretName')))]", openFdaRole.Condition);
        Assert.Equal(
            "[resourceId('Microsoft.KeyVault/vaults/secrets', parameters('keyVaultName'), parameters('openFdaApiKeySecretName'))]",
            (string?)openFdaRole.At("scope"));

        var setting = EmittedAppSettings.Read(compiled.Template)["OpenFda__ApiKey"];
        Assert.Contains("@Microsoft.KeyVault(VaultName={0};SecretName={1})", setting, StringComparison.Ordinal);
        Assert.Contains("parameters('openFdaApiKeySecretName')", setting, StringComparison.Ordinal);
    }

    [Fact]
    public void AppServiceAuthentication_UsesEntraIdWithTheClientIdParameterAndLetsTheAppAnswerUnauthenticatedCalls()
    {
        var auth = Assert.Single(compiled.Resources.OfType("Microsoft.Web/sites/config"), config => ((string?)config.At("name"))?.Contains("authsettingsV2", StringComparison.Ordinal) == true);

        Assert.Equal("[not(empty(parameters('authClientId')))]", auth.Condition);
        Assert.True((bool?)auth.At("properties.platform.enabled"));
        Assert.Equal("AllowAnonymous", (string?)auth.At("properties.globalValidation.unauthenticatedClientAction"));
        Assert.False((bool?)auth.At("properties.globalValidation.requireAuthentication"));
        Assert.True((bool?)auth.At("properties.identityProviders.azureActiveDirectory.enabled"));
        Assert.Equal("[parameters('authClientId')]", (string?)auth.At("properties.identityProviders.azureActiveDirectory.registration.clientId"));
        Assert.Equal("", (string?)compiled.Template["parameters"]!["authClientId"]!["defaultValue"]);

        // The API trusts the principal's roles exactly when the platform's authentication is on.
        Assert.Equal("[string(parameters('appServiceAuthentication'))]", EmittedAppSettings.Read(compiled.Template)["Api__RequireRoles"]);
        var appSettingsModule = compiled.Resources.Single(resource =>
            resource.Type == ArmTemplate.DeploymentType && (string?)resource.Resource["name"] == EmittedAppSettings.ModuleName);
        Assert.Equal("[not(empty(parameters('authClientId')))]", (string?)appSettingsModule.At("properties.parameters.appServiceAuthentication.value"));

        var guide = File.ReadAllText(RepositoryLayout.DeployDoc);
        Assert.Contains("`Advisory.Admin`", guide, StringComparison.Ordinal);
        Assert.Contains("`Advisory.Reader`", guide, StringComparison.Ordinal);
        Assert.Contains("`authClientId`", guide, StringComparison.Ordinal);
        Assert.Contains("`WEBSITE_AUTH_ENABLED`", guide, StringComparison.Ordinal);
    }

    private IReadOnlySet<string> DependenciesOf(string moduleSymbol)
    {
        var resources = compiled.Template["resources"]!.AsObject();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([moduleSymbol]);
        while (pending.TryPop(out var symbol))
        {
            foreach (var dependency in resources[symbol]?["dependsOn"]?.AsArray().Select(node => (string?)node).OfType<string>() ?? [])
            {
                if (seen.Add(dependency))
                {
                    pending.Push(dependency);
                }
            }
        }

        return seen;
    }

    private static string RoleId(ArmResource assignment)
    {
        var definition = (string?)assignment.At("properties.roleDefinitionId") ?? "";
        var variable = RoleVariable().Match(definition);
        Assert.True(variable.Success, $"{assignment}: role must come from the roleIds variable, was {definition}");
        return (string?)assignment.Template["variables"]!["roleIds"]![variable.Groups["name"].Value]
            ?? throw new InvalidOperationException($"{assignment}: unknown role variable {variable.Value}");
    }

    private static string? ScopeType(ArmResource setting)
    {
        // Bicep writes the scope of an extension resource as resourceId('<type>', names...).
        var scope = (string?)setting.At("scope") ?? "";
        var match = ScopeResourceId().Match(scope);
        return match.Success ? match.Groups["type"].Value : null;
    }

    private static IEnumerable<(string Name, JsonNode? Value)> Descendants(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(pair => new[] { (pair.Key, pair.Value) }.Concat(Descendants(pair.Value))),
        JsonArray array => array.SelectMany(Descendants),
        _ => [],
    };

    [GeneratedRegex(@"variables\('roleIds'\)\.(?<name>\w+)")]
    private static partial Regex RoleVariable();

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)'")]
    private static partial Regex ScopeResourceId();
}
