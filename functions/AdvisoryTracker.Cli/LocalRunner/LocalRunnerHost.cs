using AdvisoryTracker.Adapters;
using AdvisoryTracker.Api;
using AdvisoryTracker.Api.Console;
using AdvisoryTracker.Api.Problems;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Registry;
using AdvisoryTracker.Domain.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Cli.LocalRunner;

/// <summary>
/// The local runner: the Function App's services, timers and HTTP routes hosted without the Functions host, on
/// Kestrel at <c>http://localhost:7071/api/...</c>, reading the same settings.
/// </summary>
internal static partial class LocalRunnerHost
{
    /// <summary>The scheduled jobs, with the same schedule settings as the Function App's timer triggers.</summary>
    public static IReadOnlyList<ScheduledJob> Jobs { get; } =
    [
        new("source-sync", "SourceSyncSchedule", "0 */5 * * * *",
            (sp, ct) => sp.GetRequiredService<SourceSyncRunner>().RunAsync(force: false, onlySource: null, ct)),
        new("outbox-relay", "OutboxRelaySchedule", "*/30 * * * * *",
            (sp, ct) => sp.GetRequiredService<NotificationRelay>().RelayAsync(ct)),
        new("notification-drain", "NotificationDrainSchedule", "*/30 * * * * *",
            (sp, ct) => sp.GetRequiredService<NotificationDispatcher>().DrainAsync(ct)),
        new("device-backfill", "DeviceBackfillSchedule", "*/20 * * * * *",
            (sp, ct) => sp.GetRequiredService<DeviceBackfillService>().RunAsync(ct)),
        new("notification-digest", "DigestSchedule", "0 0 7 * * *",
            (sp, ct) => sp.GetRequiredService<NotificationDigestService>().RunAsync(ct)),
        new("escalation", "EscalationSchedule", "0 0 * * * *",
            (sp, ct) => sp.GetRequiredService<EscalationService>().RunAsync(ct)),
    ];

    /// <summary>
    /// Builds the runner. <paramref name="configure"/> lets tests add settings over the file and environment;
    /// <paramref name="services"/> lets them register services first (e.g. a test clock, which the domain then keeps).
    /// </summary>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, bool runJobs = true, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddFunctionsSettings(FunctionsStyleConfiguration.FindSettingsFile());
        configure?.Invoke(builder.Configuration);

        var runner = builder.Configuration.GetSection(LocalRunnerOptions.SectionName).Get<LocalRunnerOptions>() ?? new LocalRunnerOptions();
        if (string.IsNullOrWhiteSpace(runner.FunctionKey))
        {
            throw new InvalidOperationException(
                "LocalRunner__FunctionKey is not set: the local runner refuses to serve the admin API without a key. " +
                "Set it in local.settings.json (see local.settings.sample.json) or the environment.");
        }

        builder.WebHost.UseUrls(runner.Urls);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        services?.Invoke(builder.Services);
        builder.Services.AddAdvisoryTrackerDomain();
        builder.Services.AddAdvisoryTrackerAdapters(builder.Configuration);
        builder.Services.AddAdminApi(runner.FunctionKey);
        if (runJobs)
        {
            foreach (var job in Jobs)
            {
                builder.Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<ScheduledJobService>(sp, job));
            }
        }

        var app = builder.Build();
        MapApi(app);
        MapConsole(app);
        return app;
    }

    private static void MapApi(WebApplication app)
    {
        var authorizer = app.Services.GetRequiredService<ApiAuthorizer>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AdvisoryTracker.Api");
        foreach (var route in ApiRoutes.All)
        {
            app.MapMethods("/api/" + route.Template, [route.Method], async (HttpContext context) =>
            {
                if (authorizer.Authorize(context.Request, route.Permission) is { } refusal)
                {
                    return refusal;
                }

                try
                {
                    return await route.Handle(context, context.RequestAborted);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogUnhandled(logger, ex, route.Method, route.Template);
                    return ApiProblems.ServerError();
                }
            });
        }
    }

    /// <summary>The web console at the site root: every path outside /api goes through the console's own route table.</summary>
    private static void MapConsole(WebApplication app)
    {
        var console = app.Services.GetRequiredService<ConsoleDispatcher>();
        app.MapMethods("/{**path}", ["GET", "POST"], (HttpContext context) => console.DispatchAsync(context));
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Error, Message = "Unhandled error in {Method} /api/{Route}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string route);
}
