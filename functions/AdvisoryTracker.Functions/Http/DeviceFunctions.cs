using AdvisoryTracker.Api;
using AdvisoryTracker.Api.Devices;
using AdvisoryTracker.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Functions.Http;

/// <summary>The device registry routes (see ApiRoutes.All: each route there has exactly one function here or in a sibling class).</summary>
public sealed class DeviceFunctions(ApiFunction api, DeviceEndpoints devices, DeviceImportEndpoints import)
{
    [Function("RegisterDevice")]
    public Task<IActionResult> RegisterAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/devices")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Write, cancellationToken, ct => devices.RegisterAsync(request, ct), ApiBody.Device);

    [Function("ListDevices")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/devices")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, cancellationToken, ct => devices.ListAsync(request, ct));

    [Function("ImportDevices")]
    public Task<IActionResult> ImportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/devices/import")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Write, cancellationToken, ct => import.ImportAsync(request, ct), ApiBody.DeviceCsv);

    [Function("ExportDevices")]
    public Task<IActionResult> ExportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/devices/export")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Write, cancellationToken, ct => import.ExportAsync(ct));

    [Function("GetDevice")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/devices/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Read, cancellationToken, ct => devices.GetAsync(id, ct));

    [Function("ReplaceDevice")]
    public Task<IActionResult> ReplaceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/devices/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Write, cancellationToken, ct => devices.ReplaceAsync(request, id, ct), ApiBody.Device);

    [Function("DeleteDevice")]
    public Task<IActionResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/devices/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Write, cancellationToken, ct => devices.DeleteAsync(request, id, ct));
}
