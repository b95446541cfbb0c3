using AdvisoryTracker.Adapters;
using AdvisoryTracker.Api;
using AdvisoryTracker.Api.Http;
using AdvisoryTracker.Api.Jobs;
using AdvisoryTracker.Api.Console;
using AdvisoryTracker.Api.Problems;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using AdvisoryTracker.Adapters.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Cli.LocalRunner;

/// <summary>
/// The local runner: the Function App's services, timers and HTTP routes hosted without the Functions host, on
/// Kestrel at <c>http://localhost:7071/api/...</c>, reading the same settings.
/// </summary>
internal static class LocalRunnerHost
{
    /// <summary>
    /// Builds the runner. <paramref name="configure"/> lets tests add settings over the file and environment;
    /// <paramref name="services"/> lets them register services first (e.g. a test clock, which the domain then keeps).
    /// </summary>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, bool runJobs = true, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddFunctionsSettings(FunctionsStyleConfiguration.FindSettingsFile());
        configure?.Invoke(builder.Configuration);

        var runner = builder.Configuration.GetSection(LocalRunnerOptions.SectionName).Get<LocalRunnerOptions>() ?? new LocalRunnerOptions();
        // Read before the host exists (they decide its key and address), so validated here rather than at start.
        if (new LocalRunnerOptionsValidator().Validate(null, runner) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(LocalRunnerOptions.SectionName, typeof(LocalRunnerOptions), invalid.Failures);
        }

        builder.WebHost.UseUrls(runner.Urls);
        // Long URLs reach the API (which answers 414 as a problem) instead of Kestrel's empty 414.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestLineSize = MaxRequestLineBytes * 8);
        builder.Logging.ClearProviders();
        builder.Logging.AddStderrConsole().AddOperatorDefaults();
        // ASP.NET Core's own request log prints ?code= (the function key): the API's redacted request log replaces it.
        builder.Logging.AddFilter(RequestLogging.HostingDiagnosticsCategory, LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        services?.Invoke(builder.Services);
        builder.Services.AddAdvisoryTrackerDomain();
        builder.Services.AddAdvisoryTrackerAdapters(builder.Configuration);
        builder.Services.AddAdminApi(runner.FunctionKey);
        if (runJobs)
        {
            foreach (var job in ScheduledJobs.All)
            {
                builder.Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<ScheduledJobService>(sp, job));
            }
        }

        var app = builder.Build();
        // Before anything resolves a service: every options class validated now, each wrong setting reported at once.
        app.Services.GetService<IStartupValidator>()?.Validate();
        MapApi(app);
        MapConsole(app);
        return app;
    }

    /// <summary>Longest path and query the API accepts (longer: 414 problem).</summary>
    private const int MaxRequestLineBytes = 8 * 1024;

    private static void MapApi(WebApplication app)
    {
        var pipeline = app.Services.GetRequiredService<ApiPipeline>();
        var requestLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AdvisoryTracker.Api.Requests");
        app.Use((context, next) => RequestLogging.LogAsync(context, next, requestLog));
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length > MaxRequestLineBytes)
            {
                await ApiProblems.Status(StatusCodes.Status414UriTooLong, "URI too long", $"the path and query are over {MaxRequestLineBytes} characters").ExecuteAsync(context);
                return;
            }

            await next(context);
        });

        // 404 (no such route) and 405 (wrong method) as problems, like every other error.
        app.UseStatusCodePages(context =>
            ApiProblems.Status(context.HttpContext.Response.StatusCode, ReasonPhrases.GetReasonPhrase(context.HttpContext.Response.StatusCode)).ExecuteAsync(context.HttpContext));
        foreach (var route in ApiRoutes.All)
        {
            app.MapMethods("/api/" + route.Template, [route.Method], (Delegate)((HttpContext context) =>
                pipeline.RunAsync(context, route.Permission, route.Body, route.Template, ct => route.Handle(context, ct))));
        }
    }

    /// <summary>The web console at the site root: every path outside /api goes through the console's own route table.</summary>
    private static void MapConsole(WebApplication app)
    {
        var console = app.Services.GetRequiredService<ConsoleDispatcher>();
        app.MapMethods("/{**path}", ["GET", "POST"], (HttpContext context) => console.DispatchAsync(context));
    }
}
