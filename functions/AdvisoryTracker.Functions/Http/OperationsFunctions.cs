using AdvisoryTracker.Api.OpenApi;
using AdvisoryTracker.Api.Operations;
using AdvisoryTracker.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Functions.Http;

public sealed class OperationsFunctions(ApiFunction api, OperationsEndpoints operations)
{
    [Function("SourceHealth")]
    public Task<IActionResult> SourcesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/sources")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, () => operations.SourcesAsync(cancellationToken));

    [Function("ListDeadLetters")]
    public Task<IActionResult> DeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/notifications/dead-letters")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, () => operations.DeadLettersAsync(request, cancellationToken));

    [Function("ReplayDeadLetters")]
    public Task<IActionResult> ReplayAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/notifications/dead-letters/replay")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Write, () => operations.ReplayAsync(request, cancellationToken));

    [Function("Health")]
    public Task<IActionResult> HealthAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Anonymous, () => operations.HealthAsync(cancellationToken));

    [Function("OpenApiDocument")]
    public Task<IActionResult> OpenApiAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/openapi.json")] HttpRequest request) =>
        api.RunAsync(request, ApiPermission.Read, () => Task.FromResult(OpenApiDocument.Result()));
}
