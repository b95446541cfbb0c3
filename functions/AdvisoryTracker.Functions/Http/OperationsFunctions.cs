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
        api.RunAsync(request, ApiPermission.Read, cancellationToken, ct => operations.SourcesAsync(ct));

    [Function("SourceRejections")]
    public Task<IActionResult> RejectionsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/sources/{name}/rejections")] HttpRequest request,
        string name,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, cancellationToken, ct => operations.RejectionsAsync(request, name, ct));

    [Function("ListDeadLetters")]
    public Task<IActionResult> DeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/notifications/dead-letters")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Write, cancellationToken, ct => operations.DeadLettersAsync(request, ct));

    [Function("ReplayDeadLetters")]
    public Task<IActionResult> ReplayAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/notifications/dead-letters/replay")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Write, cancellationToken, ct => operations.ReplayAsync(request, ct));

    [Function("Health")]
    public Task<IActionResult> HealthAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Anonymous, cancellationToken, ct => operations.HealthAsync(ct));

    [Function("OpenApiDocument")]
    public Task<IActionResult> OpenApiAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/openapi.json")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, cancellationToken, _ => Task.FromResult(OpenApiDocument.Result()));
}
