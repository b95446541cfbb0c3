using System.Reflection;
using System.Text.Json;
using AdvisoryTracker.FunctionApp.Tests.Infrastructure;
using AdvisoryTracker.FunctionApp.Tests.Rpc;
using AdvisoryTracker.Functions;
using Azure.Identity;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.FunctionApp.Tests;

/// <summary>
/// The Function App started as Azure starts it, with the app settings the compiled Bicep gives it and with
/// local.settings.sample.json.
/// </summary>
/// <remarks>
/// <para>Proven here, on the real build output of functions/AdvisoryTracker.Functions started with <c>dotnet &lt;dll&gt;</c>
/// and the Functions host's command-line arguments, against a loopback host of the test's own that speaks the host's
/// gRPC protocol (FunctionRpc.EventStream):</para>
/// <list type="bullet">
/// <item>Program.cs runs to the end and the host builds and starts (every ValidateOnStart rule passes): the worker opens
/// the stream with StartStream and answers WorkerInitRequest (with its HTTP endpoint for ASP.NET Core integration).</item>
/// <item>The worker indexes its functions (FunctionsMetadataRequest): exactly the [Function] methods of the code, and every
/// timer's schedule setting resolves, in those settings, to an NCRONTAB expression with seconds.</item>
/// <item>The worker loads every function (FunctionLoadRequest) with the metadata it returned.</item>
/// <item>With the sample settings and Azurite: a timer trigger (OutboxRelay) and an HTTP trigger (the health route, sent
/// to the worker's HTTP endpoint with the invocation id, as the host forwards it) run and succeed.</item>
/// <item>In-process, with the same composition code: every options class of the app binds and validates, every class with
/// a [Function] method is created from the container the way the worker creates it, and telemetry is given the managed
/// identity exactly when APPLICATIONINSIGHTS_AUTHENTICATION_STRING asks for Entra ID.</item>
/// </list>
/// <para>Not proven (only Azure can): that the Functions host of the Flex Consumption platform accepts this worker and
/// its metadata (the loopback host is a stand-in for the host, which is no NuGet package), schedules the timers and routes
/// HTTP with function keys; that App Service resolves the Key Vault reference and runs App Service Authentication; that
/// the managed identity gets tokens and holds the roles the app needs (Storage, Service Bus, Key Vault, Application
/// Insights) - the Bicep settings point at placeholder resource names here, so no trigger touching Azure resources is
/// invoked in that case.</para>
/// </remarks>
public sealed class FunctionAppStartTests(FunctionAppFixture fixture) : IClassFixture<FunctionAppFixture>
{
    [Fact]
    public async Task FunctionApp_WithTheCompiledBicepSettings_StartsIndexesAndLoadsEveryFunction()
    {
        await using var session = await WorkerSession.StartAsync(fixture.BicepSettings);

        var loaded = await StartAndLoadAllAsync(session, fixture.BicepSettings);

        Assert.Equal(FunctionCatalogue.FunctionNames, loaded.Keys.Order(StringComparer.Ordinal));
        await session.TerminateAsync();
    }

    [Fact]
    public async Task FunctionApp_WithTheSampleSettings_RunsATimerTriggerAndTheHealthRoute()
    {
        await using var session = await WorkerSession.StartAsync(fixture.SampleSettings);
        var loaded = await StartAndLoadAllAsync(session, fixture.SampleSettings);

        var relay = await session.InvokeTimerAsync(loaded["OutboxRelay"], "timer");
        Assert.True(relay.Result.Status == StatusResult.Types.Status.Success, $"{relay.Result.Exception}{Environment.NewLine}{session.Describe()}");

        var (invocation, response, body) = await session.InvokeHttpAsync(loaded["Health"], "request", WorkerHttpUri!, "api/health");
        Assert.True(invocation.Result.Status == StatusResult.Types.Status.Success, $"{invocation.Result.Exception}{Environment.NewLine}{session.Describe()}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(body);
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        Assert.Equal("ok", health.RootElement.GetProperty("storage").GetString());

        await session.TerminateAsync();
    }

    [Fact]
    public async Task FunctionApp_WithWrongSettings_LogsOneLinePerSettingAndFailsToStart()
    {
        var settings = new Dictionary<string, string>(fixture.SampleSettings)
        {
            ["Smtp__Port"] = "0",
            ["Registry__MaxContacts"] = "0",
        };
        await using var session = await WorkerSession.StartAsync(settings);

        var exited = await Task.WhenAny(session.App.Exited, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.True(exited == session.App.Exited, $"the worker kept running with wrong settings{Environment.NewLine}{session.Describe()}");
        Assert.NotEqual(0, session.App.ExitCode);
        Assert.Contains("setting problem: Smtp__Port: must be from 1 to 65535 (is 0)", session.App.Output, StringComparison.Ordinal);
        Assert.Contains("setting problem: Registry__MaxContacts: must be from 1 to 100 (is 0)", session.App.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bicep")]
    [InlineData("sample")]
    public void Composition_WithTheSettings_ValidatesEveryOptionsClass(string source)
    {
        using var composition = InProcessComposition.Build(fixture.Settings(source));

        composition.ValidateOnStart();
        Assert.Contains(composition.OptionsTypes, type => type.Name == "SmtpOptions");
        Assert.Contains(composition.OptionsTypes, type => type.Name == "TrackerStorageOptions");
        var failures = new List<string>();
        foreach (var type in composition.OptionsTypes)
        {
            try
            {
                Assert.NotNull(composition.Options(type));
            }
            catch (TargetInvocationException ex) when (ex.InnerException is OptionsValidationException or InvalidOperationException or FormatException)
            {
                failures.Add($"{type.Name}: {ex.InnerException.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [InlineData("bicep")]
    [InlineData("sample")]
    public void Composition_WithTheSettings_CreatesEveryFunctionClassFromTheContainer(string source)
    {
        using var composition = InProcessComposition.Build(fixture.Settings(source));
        using var scope = composition.Host.Services.CreateScope();

        Assert.Contains(FunctionCatalogue.FunctionClasses, type => type.Name == "NotificationFunctions");
        Assert.Contains(FunctionCatalogue.FunctionClasses, type => type.Name == "OperationsFunctions");
        var failures = new List<string>();
        foreach (var type in FunctionCatalogue.FunctionClasses)
        {
            try
            {
                Assert.IsType(type, composition.CreateFunctionClass(scope.ServiceProvider, type));
            }
            catch (Exception ex) when (ex is InvalidOperationException or UriFormatException or FormatException or TargetInvocationException or OptionsValidationException)
            {
                failures.Add($"{type.Name}: {ex}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [InlineData("bicep")]
    [InlineData("sample")]
    public void Settings_GiveEveryTimerAValidNcrontabSchedule(string source)
    {
        var settings = fixture.Settings(source);

        Assert.Equal(
            ["DeviceBackfill", "DigestSchedule", "EscalationSchedule", "NotificationDrain", "OutboxRelay", "OutboxSweep", "SourceSync"],
            FunctionCatalogue.Timers.Select(timer => timer.Function).Order(StringComparer.Ordinal));
        Assert.All(FunctionCatalogue.Timers, timer =>
        {
            var (_, _, parsed) = FunctionCatalogue.ResolveSchedule(timer.Schedule, settings);
            Assert.True(parsed.GetNextOccurrence(new DateTime(2026, 1, 1)) > new DateTime(2026, 1, 1));
        });
    }

    [Fact]
    public void ResolveSchedule_FiveFieldOrMissingSetting_IsRefused()
    {
        // The schedule check above is only worth something if it refuses what the host refuses.
        Assert.Throws<InvalidOperationException>(() => FunctionCatalogue.ResolveSchedule("%S%", new Dictionary<string, string> { ["S"] = "*/5 * * * *" }));
        Assert.Throws<InvalidOperationException>(() => FunctionCatalogue.ResolveSchedule("%S%", new Dictionary<string, string>()));
    }

    [Fact]
    public void Telemetry_WithEntraIdAuthenticationString_UsesTheManagedIdentity()
    {
        Assert.Equal("Authorization=AAD", fixture.BicepSettings[FunctionAppComposition.AuthenticationStringSetting]);
        using var azure = InProcessComposition.Build(fixture.BicepSettings);
        using var local = InProcessComposition.Build(fixture.SampleSettings);

        Assert.IsType<ManagedIdentityCredential>(TelemetryCredential(azure));
        Assert.Null(TelemetryCredential(local));
    }

    private Uri? WorkerHttpUri { get; set; }

    private async Task<Dictionary<string, RpcFunctionMetadata>> StartAndLoadAllAsync(WorkerSession session, IReadOnlyDictionary<string, string> settings)
    {
        var start = await session.WaitForStartStreamAsync();
        Assert.Equal(session.App.WorkerId, start.WorkerId);

        var init = await session.InitAsync();
        Assert.True(init.Result.Status == StatusResult.Types.Status.Success, $"{init.Result.Exception}{Environment.NewLine}{session.Describe()}");
        Assert.True(init.Capabilities.TryGetValue("HttpUri", out var httpUri), "ASP.NET Core integration advertises the worker's HTTP endpoint");
        WorkerHttpUri = new Uri(httpUri);

        var metadata = await session.GetFunctionMetadataAsync();
        Assert.True(metadata.Result.Status == StatusResult.Types.Status.Success, $"{metadata.Result.Exception}{Environment.NewLine}{session.Describe()}");
        Assert.False(metadata.UseDefaultMetadataIndexing);
        Assert.Equal(FunctionCatalogue.FunctionNames, metadata.FunctionMetadataResults.Select(function => function.Name).Order(StringComparer.Ordinal));

        // Every timer the worker reports: its schedule (as the host reads it from the raw binding) resolves in these settings.
        var timers = metadata.FunctionMetadataResults
            .SelectMany(function => function.RawBindings.Select(raw => (function.Name, Binding: JsonDocument.Parse(raw).RootElement.Clone())))
            .Where(entry => string.Equals(entry.Binding.GetProperty("type").GetString(), "timerTrigger", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        Assert.Equal(FunctionCatalogue.Timers.Count, timers.Length);
        Assert.All(timers, timer => FunctionCatalogue.ResolveSchedule(timer.Binding.GetProperty("schedule").GetString()!, settings));

        var loaded = new Dictionary<string, RpcFunctionMetadata>(StringComparer.Ordinal);
        foreach (var function in metadata.FunctionMetadataResults)
        {
            var load = await session.LoadAsync(function);
            Assert.True(load.Result.Status == StatusResult.Types.Status.Success, $"{function.Name}: {load.Result.Exception}{Environment.NewLine}{session.Describe()}");
            loaded[function.Name] = function;
        }

        return loaded;
    }

    /// <summary>
    /// The credential Application Insights 2.x keeps for Entra ID telemetry. The SDK exposes no public getter, so the
    /// internal CredentialEnvelope property is read; if a version renames it this fails loudly instead of passing.
    /// </summary>
    private static object? TelemetryCredential(InProcessComposition composition)
    {
        var configuration = composition.Host.Services.GetRequiredService<TelemetryConfiguration>();
        var envelopeProperty = typeof(TelemetryConfiguration).GetProperty("CredentialEnvelope", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("TelemetryConfiguration.CredentialEnvelope not found: check the Application Insights version.");
        var envelope = envelopeProperty.GetValue(configuration);
        if (envelope is null)
        {
            return null;
        }

        var credentialProperty = envelope.GetType().GetProperty("Credential", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException($"{envelope.GetType()} has no Credential property.");
        return credentialProperty.GetValue(envelope);
    }
}
