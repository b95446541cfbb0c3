using AdvisoryTracker.Api;
using AdvisoryTracker.Api.Remediation;
using AdvisoryTracker.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Functions.Http;

public sealed class MatchFunctions(ApiFunction api, MatchEndpoints matches)
{
    [Function("ListDeviceMatches")]
    public Task<IActionResult> ListForDeviceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/devices/{id}/matches")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, cancellationToken, ct => matches.ListForDeviceAsync(id, ct));

    [Function("UpdateRemediation")]
    public Task<IActionResult> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "api/devices/{id}/matches/{advisoryId}")] HttpRequest request,
        string id,
        string advisoryId,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Write, cancellationToken, ct => matches.UpdateAsync(request, id, advisoryId, ct), ApiBody.RemediationUpdate);

    [Function("RemediationSummaryByAdvisory")]
    public Task<IActionResult> SummaryByAdvisoryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/summary/advisories")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, cancellationToken, ct => matches.SummaryByAdvisoryAsync(ct));

    [Function("RemediationSummaryBySegment")]
    public Task<IActionResult> SummaryBySegmentAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/summary/segments")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, cancellationToken, ct => matches.SummaryBySegmentAsync(ct));
}
