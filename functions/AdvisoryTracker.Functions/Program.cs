using AdvisoryTracker.Adapters;
using AdvisoryTracker.Api;
using AdvisoryTracker.Domain;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// The pipeline's Information events (advisories stored, notifications sent) matter to operators: keep them.
builder.Logging.SetMinimumLevel(LogLevel.Information);

builder.Services.AddAdvisoryTrackerDomain();
builder.Services.AddAdvisoryTrackerAdapters(builder.Configuration);

// The Functions host checks the function key before a request reaches the worker: no key check here.
builder.Services.AddAdminApi(functionKey: null);
builder.Services.AddSingleton<AdvisoryTracker.Functions.Http.ApiFunction>();

builder.Build().Run();
