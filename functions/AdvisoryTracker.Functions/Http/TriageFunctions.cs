using AdvisoryTracker.Api;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Api.Triage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Functions.Http;

public sealed class TriageFunctions(ApiFunction api, TriageEndpoints triage, VendorAliasEndpoints aliases)
{
    [Function("DecideTriage")]
    public Task<IActionResult> DecideAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/devices/{id}/matches/{advisoryId}/triage")] HttpRequest request,
        string id,
        string advisoryId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Write, cancellationToken, ct => triage.DecideAsync(request, id, advisoryId, ct), ApiBody.TriageDecision);

    [Function("TriageQueue")]
    public Task<IActionResult> QueueAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/triage")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, cancellationToken, ct => triage.QueueAsync(ct));

    [Function("ListVendorAliases")]
    public Task<IActionResult> ListAliasesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/vendors/aliases")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, cancellationToken, ct => aliases.ListAsync(ct));

    [Function("AddVendorAlias")]
    public Task<IActionResult> AddAliasAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/vendors/aliases")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Write, cancellationToken, ct => aliases.AddAsync(request, ct), ApiBody.VendorAlias);

    [Function("SuggestedVendorAliases")]
    public Task<IActionResult> SuggestedAliasesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/vendors/aliases/suggested")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, cancellationToken, ct => triage.SuggestedAliasesAsync(ct));
}
