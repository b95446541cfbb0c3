using AdvisoryTracker.Api.Advisories;
using AdvisoryTracker.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Functions.Http;

public sealed class AdvisoryFunctions(ApiFunction api, AdvisoryEndpoints advisories)
{
    [Function("ListAdvisories")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/advisories")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, cancellationToken, ct => advisories.ListAsync(request, ct));

    [Function("GetAdvisory")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/advisories/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, cancellationToken, ct => advisories.GetAsync(id, ct));
}
