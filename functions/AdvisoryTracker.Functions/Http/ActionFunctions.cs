using AdvisoryTracker.Api;
using AdvisoryTracker.Api.Actions;
using AdvisoryTracker.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Functions.Http;

/// <summary>
/// The one-click email action pages. Anonymous at the Functions host: the request carries its own HMAC-signed token,
/// which the endpoint checks (a tampered, expired or other-device link gets a 4xx page and changes nothing).
/// </summary>
public sealed class ActionFunctions(ApiFunction api, ActionEndpoints actions)
{
    [Function("ShowEmailAction")]
    public Task<IActionResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/act/{id}/{advisoryId}")] HttpRequest request,
        string id,
        string advisoryId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.SignedLink, cancellationToken, ct => actions.ShowAsync(request, id, advisoryId, ct));

    [Function("PerformEmailAction")]
    public Task<IActionResult> PerformAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/act/{id}/{advisoryId}")] HttpRequest request,
        string id,
        string advisoryId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.SignedLink, cancellationToken, ct => actions.PerformAsync(request, id, advisoryId, ct), ApiBody.ActionForm);
}
