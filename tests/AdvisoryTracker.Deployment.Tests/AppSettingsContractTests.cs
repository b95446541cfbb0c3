using System.Text.Json.Nodes;
using AdvisoryTracker.Deployment.Tests.Infrastructure;

namespace AdvisoryTracker.Deployment.Tests;

/// <summary>The app settings Bicep emits carry exactly the names of local.settings.sample.json, identity-based.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class AppSettingsContractTests(CompiledTemplateFixture compiled)
{
    private static JsonObject Sample => JsonNode.Parse(File.ReadAllText(RepositoryLayout.SettingsSample))!.AsObject();

    private IReadOnlyDictionary<string, string> Emitted => EmittedAppSettings.Read(compiled.Template);

    [Fact]
    public void AppSettings_EmittedByBicep_MatchTheSettingsSample()
    {
        var drift = AppSettingsContract.Compare(AppSettingsContract.SampleNames(Sample), Emitted.Keys);

        Assert.True(drift.IsEmpty, drift.Describe());
    }

    [Fact]
    public void Compare_SampleGainsNamesBicepLacks_NamesThemAndTheirSide()
    {
        // What the next person sees when they add settings to the sample and forget Bicep (and the other way round).
        var sample = AppSettingsContract.SampleNames(Sample)
            .Concat(["CsafSources__3__TrustedKeyFingerprint", "FeedHealthSchedule"]);
        var emitted = Emitted.Keys.Where(name => name != "Smtp__FromName");

        var drift = AppSettingsContract.Compare(sample, emitted.Append("Bicep__Only"));

        Assert.Equal(["CsafSources__N__TrustedKeyFingerprint", "FeedHealthSchedule", "Smtp__FromName"], drift.MissingInBicep);
        Assert.Equal(["Bicep__Only"], drift.MissingInSample);
        var message = drift.Describe();
        Assert.Contains("NOT emitted by bicep/modules/appsettings.bicep", message, StringComparison.Ordinal);
        Assert.Contains("CsafSources__N__TrustedKeyFingerprint, FeedHealthSchedule, Smtp__FromName", message, StringComparison.Ordinal);
        Assert.Contains("add the field to csafSourceType", message, StringComparison.Ordinal);
        Assert.Contains("NOT in local.settings.sample.json (add them to the sample, or to the Azure-only list in AppSettingsContract.cs): Bicep__Only", message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_CsafSourceList_IsEmittedPerIndex()
    {
        Assert.Contains("CsafSources__N__Name", Emitted.Keys);
        Assert.Contains("CsafSources__N__Kind", Emitted.Keys);
        Assert.Contains("CsafSources__N__Location", Emitted.Keys);
    }

    [Fact]
    public void AppSettings_LocalOnlyAndFlexManagedNames_AreNotEmitted()
    {
        var forbidden = Emitted.Keys
            .Where(name => AppSettingsContract.IsLocalOnly(name) || AppSettingsContract.FlexManaged.ContainsKey(name))
            .ToArray();

        Assert.Empty(forbidden);
    }

    [Fact]
    public void WorkerRuntime_OfTheSample_IsTheFlexRuntime()
    {
        // FUNCTIONS_WORKER_RUNTIME is not an app setting on Flex Consumption: functionAppConfig.runtime carries it.
        var site = Assert.Single(compiled.Resources.OfType("Microsoft.Web/sites"));

        Assert.Equal(
            (string?)Sample["Values"]!["FUNCTIONS_WORKER_RUNTIME"],
            (string?)site.At("properties.functionAppConfig.runtime.name"));
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__accountName", "[parameters('storageAccountName')]")]
    [InlineData("ServiceBusConnection__fullyQualifiedNamespace", "[parameters('serviceBusFullyQualifiedNamespace')]")]
    [InlineData("Notifications__Transport", "[parameters('notificationTransport')]")]
    [InlineData("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "Authorization=AAD")]
    public void AppSettings_Connections_AreIdentityBased(string name, string expectedValue)
    {
        Assert.Equal(expectedValue, Emitted[name]);
    }

    [Fact]
    public void AppSettings_AreAppliedAfterTheRoleAssignments()
    {
        // App Service resolves the Key Vault reference when settings are applied: the identity must hold its role by then.
        var module = compiled.Resources.Single(resource =>
            resource.Type == ArmTemplate.DeploymentType && (string?)resource.Resource["name"] == EmittedAppSettings.ModuleName);

        Assert.Contains("roles", module.Resource["dependsOn"]!.AsArray().Select(symbol => (string?)symbol));
    }

    [Fact]
    public void ExtraAppSettings_OfTheOperators_AreMergedLastOnEveryDeployment()
    {
        // sites/config 'appsettings' replaces the whole set: operator-owned values survive only as part of the deployment.
        var parameter = compiled.Template["parameters"]!["extraAppSettings"]!;
        Assert.Equal("object", (string?)parameter["type"]);
        Assert.Empty(parameter["defaultValue"]!.AsObject());

        var module = ArmTemplate.ModuleTemplate(compiled.Template, EmittedAppSettings.ModuleName);
        var config = Assert.Single(ArmTemplate.AllResources(module).OfType("Microsoft.Web/sites/config"));
        Assert.Matches(@"^\[union\(.*parameters\('extraAppSettings'\)\)\]$", (string?)config.At("properties"));
        var appSettingsModule = compiled.Resources.Single(resource =>
            resource.Type == ArmTemplate.DeploymentType && (string?)resource.Resource["name"] == EmittedAppSettings.ModuleName);
        Assert.Equal("[parameters('extraAppSettings')]", (string?)appSettingsModule.At("properties.parameters.extraAppSettings.value"));

        var guide = File.ReadAllText(RepositoryLayout.DeployDoc);
        Assert.Contains("### Operator-owned settings", guide, StringComparison.Ordinal);
        Assert.Contains("`extraAppSettings`", guide, StringComparison.Ordinal);
    }

    [Fact]
    public void SmtpPassword_IsAKeyVaultReference()
    {
        Assert.Equal(
            "[format('@Microsoft.KeyVault(VaultName={0};SecretName={1})', parameters('keyVaultName'), parameters('smtpPasswordSecretName'))]",
            Emitted["Smtp__Password"]);
    }

    [Fact]
    public void Schedules_AreSettingsFromParameters()
    {
        var schedules = AppSettingsContract.SampleNames(Sample)
            .Where(name => name.EndsWith("Schedule", StringComparison.Ordinal))
            .ToArray();

        Assert.NotEmpty(schedules);
        Assert.All(schedules, name => Assert.Matches(@"^\[parameters\('\w+Schedule'\)\]$", Emitted[name]));
    }

    [Fact]
    public void AppSettings_Values_HoldNoSecret()
    {
        var offenders = Emitted
            .Where(setting => setting.Value.Contains("AccountKey", StringComparison.OrdinalIgnoreCase)
                || setting.Value.Contains("SharedAccess", StringComparison.OrdinalIgnoreCase)
                || setting.Value.Contains("password", StringComparison.OrdinalIgnoreCase) && setting.Key != "Smtp__Password")
            .Select(setting => setting.Key);

        Assert.Empty(offenders);
    }
}
