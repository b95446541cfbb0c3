using AdvisoryTracker.Adapters;
using AdvisoryTracker.Adapters.Configuration;
using AdvisoryTracker.Adapters.Logging;
using AdvisoryTracker.Api;
using AdvisoryTracker.Domain;
using Azure.Identity;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Functions;

/// <summary>
/// Everything Program.cs registers, in one place, so tests/AdvisoryTracker.FunctionApp.Tests can build the very same
/// host in-process (options validation, function classes from the container) besides starting the real program.
/// </summary>
public static class FunctionAppComposition
{
    /// <summary>The app setting that asks for Entra ID telemetry (Azure: Application Insights has local auth off).</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static FunctionsApplicationBuilder Configure(FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureFunctionsWebApplication();

        // Microsoft.Azure.Functions.Worker.ApplicationInsights 2.x works only with the 2.x line of
        // Microsoft.ApplicationInsights(.WorkerService): 3.x removed ITelemetryInitializer, and the worker then fails
        // to start with a TypeLoadException (tests/AdvisoryTracker.FunctionApp.Tests starts the program to catch it).
        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();

        // Application Insights has local authentication off in Azure (bicep/modules/monitoring.bicep): the worker's
        // telemetry is sent with the app's managed identity, as APPLICATIONINSIGHTS_AUTHENTICATION_STRING=Authorization=AAD asks.
        if (UsesEntraIdTelemetry(builder.Configuration[AuthenticationStringSetting]))
        {
            builder.Services.Configure<TelemetryConfiguration>(configuration =>
                configuration.SetAzureTokenCredential(new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)));
        }

        // The pipeline's Information events (advisories stored, notifications sent) matter to operators: keep them.
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        // ASP.NET Core's request log in the worker prints the URL with ?code= (the function key): keep only its warnings.
        builder.Logging.AddFilter(AdvisoryTracker.Api.Http.RequestLogging.HostingDiagnosticsCategory, LogLevel.Warning);
        // Framework categories (ASP.NET Core, HttpClient, Polly, Azure SDK) only at Warning: one line per fetch or request at most.
        builder.Logging.AddOperatorDefaults();

        builder.Services.AddAdvisoryTrackerDomain();
        builder.Services.AddAdvisoryTrackerAdapters(builder.Configuration);

        // The Functions host checks the function key before a request reaches the worker: no key check here.
        builder.Services.AddAdminApi(functionKey: null);
        builder.Services.AddSingleton<Http.ApiFunction>();
        return builder;
    }

    /// <summary>
    /// Runs the worker. A start that fails on settings logs one error per wrong setting (setting name, what is wrong)
    /// and writes the same lines to stderr, then rethrows so the Functions host sees the worker fail.
    /// </summary>
    public static void Run(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        // host.Run() as its parts: the host must still be undisposed to log why it did not start.
        using (host)
        {
            try
            {
                host.Start();
            }
            catch (Exception ex) when (SettingsFailure.Lines(ex) is { } lines)
            {
                var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AdvisoryTracker.Startup");
                foreach (var line in lines)
                {
                    StartupLog.SettingProblem(logger, line);
                    Console.Error.WriteLine($"setting problem: {line}");
                }

                throw;
            }

            host.WaitForShutdown();
        }
    }

    /// <summary>True for "Authorization=AAD" (optionally with ";ClientId=..."), as the Functions host reads the setting.</summary>
    public static bool UsesEntraIdTelemetry(string? authenticationString) =>
        authenticationString?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true;
}

internal static partial class StartupLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "setting problem: {Problem}")]
    public static partial void SettingProblem(ILogger logger, string problem);
}
