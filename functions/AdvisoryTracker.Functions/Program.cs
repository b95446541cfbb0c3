using AdvisoryTracker.Adapters.Logging;
using AdvisoryTracker.Adapters;
using AdvisoryTracker.Api;
using AdvisoryTracker.Domain;
using Azure.Identity;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Application Insights has local authentication off in Azure (bicep/modules/monitoring.bicep): the worker's telemetry
// is sent with the app's managed identity, as APPLICATIONINSIGHTS_AUTHENTICATION_STRING=Authorization=AAD asks.
var aadTelemetry = builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true;
builder.Services
    .AddApplicationInsightsTelemetryWorkerService(options =>
    {
        if (aadTelemetry)
        {
            options.Credential = new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
        }
    })
    .ConfigureFunctionsApplicationInsights();

// The pipeline's Information events (advisories stored, notifications sent) matter to operators: keep them.
builder.Logging.SetMinimumLevel(LogLevel.Information);
// Framework categories (ASP.NET Core, HttpClient, Polly, Azure SDK) only at Warning: one line per fetch or request at most.
builder.Logging.AddOperatorDefaults();

builder.Services.AddAdvisoryTrackerDomain();
builder.Services.AddAdvisoryTrackerAdapters(builder.Configuration);

// The Functions host checks the function key before a request reaches the worker: no key check here.
builder.Services.AddAdminApi(functionKey: null);
builder.Services.AddSingleton<AdvisoryTracker.Functions.Http.ApiFunction>();

builder.Build().Run();
