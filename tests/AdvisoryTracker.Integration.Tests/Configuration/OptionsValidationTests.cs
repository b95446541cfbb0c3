using System.Reflection;
using System.Text.Json.Nodes;
using AdvisoryTracker.Adapters;
using AdvisoryTracker.Adapters.Configuration;
using AdvisoryTracker.Api;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain;
using AdvisoryTracker.Domain.Configuration;
using AdvisoryTracker.TestInfrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Integration.Tests.Configuration;

/// <summary>
/// Issue 15, point 2: every options class is validated one way (its <see cref="SettingValidator{TOptions}"/> as
/// <see cref="IValidateOptions{TOptions}"/>, on start), and each wrong setting gives one line naming the setting as
/// local.settings.json and the app settings write it. Composed as the hosts compose the app, over the sample settings.
/// </summary>
public sealed class OptionsValidationTests
{
    /// <summary>Options types read as lists at registration or before the host exists (checked there, not at start).</summary>
    private static readonly string[] CheckedBeforeStart = ["CsafSourceOptions", "HtmlBulletinOptions", "LocalRunnerOptions"];

    [Fact]
    public void SampleSettings_StartWithoutASettingProblem()
    {
        Assert.Empty(StartFailures([]));
    }

    [Theory]
    // Domain
    [InlineData("Registry__MaxContacts=0", "Registry__MaxContacts: must be from 1 to 100 (is 0)")]
    [InlineData("Vendors__ExtraAliases__baxter__0= ", "Vendors__ExtraAliases__baxter__0: must be set")]
    [InlineData("Sources__PerSourceBudget=00:00:00", "Sources__PerSourceBudget: must be a positive duration (is 00:00:00)")]
    [InlineData("Sources__BudgetGrace=-00:00:01", "Sources__BudgetGrace: must not be negative (is -00:00:01)")]
    [InlineData("Sources__HealthHeartbeat=3.00:00:00", "Sources__HealthHeartbeat: must be positive and shorter than Sources__StaleAfter (is 3.00:00:00, StaleAfter 2.00:00:00)")]
    [InlineData("RemediationDue__HighDays=0", "RemediationDue__HighDays: must be from 1 to 3650 (is 0)")]
    [InlineData("RemediationDue__KnownExploitedDays=4000", "RemediationDue__KnownExploitedDays: must be from 1 to 3650 (is 4000)")]
    [InlineData("Notifications__TemplateFolder=/no/such/templates", "Notifications__TemplateFolder: folder '/no/such/templates' does not exist (leave empty for the built-in templates)")]
    [InlineData("Escalation__OpenAfter=00:00:00", "Escalation__OpenAfter: must be a positive duration (is 00:00:00)")]
    [InlineData("Escalation__DefaultAdmin=head of biomed", "Escalation__DefaultAdmin: must be an email address (is 'head of biomed')")]
    [InlineData("Escalation__DepartmentAdmins__Radiology=radiology", "Escalation__DepartmentAdmins__Radiology: must be an email address (is 'radiology')")]
    [InlineData("Notifications__ActionLinkKey=short", "Notifications__ActionLinkKey: must be at least 32 characters (or empty to turn one-click links off)")]
    [InlineData("Notifications__ActionLinkDays=0", "Notifications__ActionLinkDays: must be from 1 to 365 (is 0)")]
    [InlineData("Notifications__ConsoleBaseUrl=console.example.org", "Notifications__ConsoleBaseUrl: must be an absolute http(s) URL (is 'console.example.org')")]
    [InlineData("App__PublicBaseUrl=tracker.example.org", "App__PublicBaseUrl: must be an absolute http(s) URL (is 'tracker.example.org')")]
    [InlineData("NotificationDrain__BatchSize=33", "NotificationDrain__BatchSize: must be from 1 to 32 (is 33)")]
    [InlineData("NotificationDrain__ReceiveWait=-00:00:01", "NotificationDrain__ReceiveWait: must not be negative (is -00:00:01)")]
    [InlineData("NotificationDrain__TimeBudget=00:00:00", "NotificationDrain__TimeBudget: must be a positive duration (is 00:00:00)")]
    [InlineData("Csaf__MaxDepth=0", "Csaf__MaxDepth: must be from 1 to 256 (is 0)")]
    [InlineData("Csaf__MaxDocumentBytes=0", "Csaf__MaxDocumentBytes: must be at least 1 (is 0)")]
    // Adapters
    [InlineData("AzureWebJobsStorage__NamePrefix=Team_A", "AzureWebJobsStorage__NamePrefix: must be empty or up to 20 lowercase letters and digits starting with a letter (is 'Team_A')")]
    [InlineData("Notifications__QueueName=Notifications", "Notifications__QueueName: must be 3 to 63 lowercase letters, digits and single hyphens (is 'Notifications')")]
    [InlineData("Notifications__MaxDeliveryCount=0", "Notifications__MaxDeliveryCount: must be from 1 to 100 (is 0)")]
    [InlineData("Notifications__VisibilityTimeout=00:00:00", "Notifications__VisibilityTimeout: must be from 00:00:01 to 7.00:00:00 (is 00:00:00)")]
    [InlineData("Smtp__Host=", "Smtp__Host: must be set")]
    [InlineData("Smtp__Port=70000", "Smtp__Port: must be from 1 to 65535 (is 70000)")]
    [InlineData("Smtp__FromAddress=advisories", "Smtp__FromAddress: must be an email address (is 'advisories')")]
    [InlineData("Smtp__Timeout=00:00:00", "Smtp__Timeout: must be from 00:00:01 to 00:10:00 (is 00:00:00)")]
    [InlineData("Smtp__IdleCheckAfter=-00:00:01", "Smtp__IdleCheckAfter: must not be negative (is -00:00:01)")]
    [InlineData("SourceHttp__MaxResponseBytes=0", "SourceHttp__MaxResponseBytes: must be at least 1 (is 0)")]
    [InlineData("SourceHttp__MaxRetryAttempts=0", "SourceHttp__MaxRetryAttempts: must be from 1 to 10 (is 0)")]
    [InlineData("SourceHttp__TotalTimeout=00:00:10", "SourceHttp__TotalTimeout: must be at least SourceHttp__AttemptTimeout and at most one day (is 00:00:10, AttemptTimeout 00:00:30)")]
    [InlineData("SourceHttp__MaxRedirects=-1", "SourceHttp__MaxRedirects: must be from 0 to 20 (is -1)")]
    [InlineData("SourceHttp__UserAgent= ", "SourceHttp__UserAgent: must be set")]
    [InlineData("SourceHttp__TestHostOverrides__www.fda.gov=http://127.0.0.1:5000/", "SourceHttp__TestHostOverrides__www.fda.gov: is test/diagnostic configuration and needs SourceHttp__AllowLoopback; remove it in production")]
    [InlineData("SourceHttp__AllowLoopback=true;SourceHttp__TestHostOverrides__www.fda.gov=https://www.example.org/", "SourceHttp__TestHostOverrides__www.fda.gov: must map a host name to a loopback base URL such as http://127.0.0.1:PORT/ (is 'https://www.example.org/')")]
    [InlineData("Kev__Enabled=true;Kev__Url=kev.json", "Kev__Url: must be an absolute http(s) URL (is 'kev.json')")]
    [InlineData("Kev__Enabled=true;Kev__MaxBytes=0", "Kev__MaxBytes: must be at least 1 (is 0)")]
    [InlineData("Epss__Enabled=true;Epss__Interval=00:00:00", "Epss__Interval: must be a positive duration (is 00:00:00)")]
    [InlineData("FdaSafetyCommunications__Enabled=true;FdaSafetyCommunications__Feeds__1__Url=recalls.xml", "FdaSafetyCommunications__Feeds__1__Url: must be an absolute http(s) URL (is 'recalls.xml')")]
    [InlineData("FdaSafetyCommunications__Enabled=true;FdaSafetyCommunications__MaxItemsPerRun=0", "FdaSafetyCommunications__MaxItemsPerRun: must be at least 1 (is 0)")]
    [InlineData("OpenFda__Enabled=true;OpenFda__PageSize=1001", "OpenFda__PageSize: must be from 1 to 1000 (is 1001)")]
    [InlineData("OpenFda__Enabled=true;OpenFda__BaseUrl=api.fda.gov", "OpenFda__BaseUrl: must be an absolute http(s) URL (is 'api.fda.gov')")]
    [InlineData("OpenFda__Enabled=true;OpenFda__Interval=00:00:00", "OpenFda__Interval: must be a positive duration (is 00:00:00)")]
    [InlineData("CsafSources__0__Location=", "CsafSources__0__Location: must be set")]
    [InlineData("CsafSources__0__Kind=RolieFeed;CsafSources__0__Location=feed.json", "CsafSources__0__Location: must be an absolute URL for Kind RolieFeed (is 'feed.json')")]
    [InlineData("CsafSources__0__RequireSignatures=true", "CsafSources__0__RequireSignatures: is true but the source configures no PublicKeyFiles or PublicKeys")]
    [InlineData("CsafSources__1__Name=sample-folder;CsafSources__1__Kind=Folder;CsafSources__1__Location=x", "CsafSources__1__Name: 'sample-folder' is used by another CSAF source; names must be unique")]
    [InlineData("HtmlBulletins__0__Enabled=true;HtmlBulletins__0__ListingUrl=listing", "HtmlBulletins__0: ListingUrl 'listing' is not an absolute http(s) URL")]
    // Api
    [InlineData("Api__RequestTimeout=00:20:00", "Api__RequestTimeout: must be more than 0 and at most 10 minutes (is 00:20:00)")]
    [InlineData("Api__MaxBodyBytes=0", "Api__MaxBodyBytes: must be at least 1 (is 0)")]
    [InlineData("Api__MaxImportBytes=-1", "Api__MaxImportBytes: must be at least 1 (is -1)")]
    [InlineData("Console__SessionKey=too-short", "Console__SessionKey: must be at least 32 characters (or empty for a random key per process)")]
    [InlineData("Console__SessionLifetime=8.00:00:00", "Console__SessionLifetime: must be positive and at most 7 days (is 8.00:00:00)")]
    public void WrongSetting_FailsTheStartWithOneLineNamingIt(string settings, string expected)
    {
        var failures = StartFailures(Parse(settings));

        Assert.Equal([expected], failures);
    }

    [Fact]
    public void SeveralWrongSettings_GiveOneLineEach()
    {
        var failures = StartFailures(Parse("Smtp__Port=0;Smtp__FromAddress=nobody;Api__MaxBodyBytes=0;Registry__MaxContacts=0"));

        Assert.Equal(
            ["Api__MaxBodyBytes: must be at least 1 (is 0)", "Registry__MaxContacts: must be from 1 to 100 (is 0)", "Smtp__FromAddress: must be an email address (is 'nobody')", "Smtp__Port: must be from 1 to 65535 (is 0)"],
            failures.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ValueTheBinderCannotRead_IsOneLineNamingTheSetting()
    {
        var failures = StartFailures(Parse("Smtp__Port=twenty-five"));

        var line = Assert.Single(failures);
        Assert.StartsWith("Smtp__Port: cannot be read as a whole number", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "http://localhost:7071", "LocalRunner__FunctionKey: is not set: the local runner refuses to serve the admin API without a key")]
    [InlineData("key", "localhost:7071", "LocalRunner__Urls: must be absolute http(s) URLs separated by ';' (has 'localhost:7071')")]
    public void LocalRunnerSettings_WrongValue_NamesTheSetting(string key, string urls, string expected)
    {
        var result = new LocalRunnerOptionsValidator().Validate(null, new LocalRunnerOptions { FunctionKey = key, Urls = urls });

        Assert.StartsWith(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOptionsClass_HasExactlyOneSettingValidator_AndNoOtherValidation()
    {
        var services = Compose(Sample());
        var optionsTypes = new[] { "AdvisoryTracker.Domain", "AdvisoryTracker.Adapters", "AdvisoryTracker.Api" }
            .Select(Assembly.Load)
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } && !CheckedBeforeStart.Contains(t.Name))
            .ToList();
        Assert.Contains(optionsTypes, t => t.Name == "SmtpOptions");

        var problems = new List<string>();
        foreach (var type in optionsTypes)
        {
            var validators = services.Where(d => d.ServiceType == typeof(IValidateOptions<>).MakeGenericType(type)).ToList();
            var settingValidator = typeof(SettingValidator<>).MakeGenericType(type);
            if (validators.Count != 1 || validators[0].ImplementationType is not { } implementation || !implementation.IsSubclassOf(settingValidator))
            {
                problems.Add($"{type.Name}: {validators.Count} validators ({string.Join(", ", validators.Select(v => v.ImplementationType?.Name ?? "a delegate"))})");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void SettingsFailure_OtherExceptions_AreNotSettingProblems()
    {
        Assert.Null(SettingsFailure.Lines(new InvalidOperationException("something else")));
        Assert.Null(SettingsFailure.Lines(new AggregateException(new OptionsValidationException("Smtp", typeof(object), ["Smtp__Port: x"]), new IOException("disk"))));
        Assert.Equal(["a: 1", "b: 2"], SettingsFailure.Lines(new AggregateException(
            new OptionsValidationException("A", typeof(object), ["a: 1"]), new OptionsValidationException("B", typeof(object), ["b: 2"]))));
    }

    /// <summary>The lines a host prints for a start with these settings over the sample (empty: it starts).</summary>
    private static IReadOnlyList<string> StartFailures(Dictionary<string, string?> overrides)
    {
        var settings = Sample();
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        try
        {
            using var provider = Compose(settings).BuildServiceProvider();
            provider.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (Exception ex) when (SettingsFailure.Lines(ex) is { } lines)
        {
            return lines;
        }
    }

    private static ServiceCollection Compose(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAdvisoryTrackerDomain();
        services.AddAdvisoryTrackerAdapters(configuration);
        services.AddAdminApi(functionKey: null);
        return services;
    }

    private static Dictionary<string, string?> Sample() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json")))!["Values"]!.AsObject()
            .ToDictionary(p => p.Key, p => (string?)p.Value!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, string?> Parse(string settings) =>
        settings.Split(';').Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1], StringComparer.OrdinalIgnoreCase);
}
