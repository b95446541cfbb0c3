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

        var secrets = compiled.Resources.OfType("Microsoft.KeyVault/vaults/secrets").Select(s => (string?)s.At("properties.value")).Order(StringComparer.Ordinal);
        Assert.Equal(["[parameters('actionLinkKey')]", "[parameters('smtpPassword')]"], secrets);
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
        var roleIds = assignments.Select(RoleId).Order(StringComparer.Ordinal).ToArray();

        // Key Vault Secrets User twice: each scoped to one secret (the SMTP password, the one-click action link key).
        Assert.Equal(ExpectedRoles.Keys.Append("4633458b-17de-408a-b874-0445c86b69e6").Order(StringComparer.Ordinal), roleIds);
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
    public void QueueDataContributor_IsAssignedOnlyForTheStorageQueueTransport()
    {
        var roles = ArmTemplate.ModuleTemplate(compiled.Template, "roles");
        var queueRole = ArmTemplate.AllResources(roles).OfType("Microsoft.Authorization/roleAssignments")
            .Single(assignment => RoleId(assignment) == "974c5e8b-45b9-4653-ba55-5f855dd0fb88");
        Assert.Equal("[parameters('assignQueueDataContributor')]", queueRole.Condition);

        var rolesModule = compiled.Resources.Single(resource =>
            resource.Type == ArmTemplate.DeploymentType && (string?)resource.Resource["name"] == "roles");
        Assert.Equal(
            "[not(variables('useServiceBus'))]",
            (string?)rolesModule.At("properties.parameters.assignQueueDataContributor.value"));
        Assert.Equal(
            "[equals(parameters('notificationTransport'), 'ServiceBus')]",
            (string?)compiled.Template["variables"]!["useServiceBus"]);
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
