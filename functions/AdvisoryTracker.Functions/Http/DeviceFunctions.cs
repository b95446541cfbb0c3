using AdvisoryTracker.Api.Devices;
using AdvisoryTracker.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Functions.Http;

public sealed class DeviceFunctions(ApiFunction api, DeviceEndpoints devices)
{
    [Function("RegisterDevice")]
    public Task<IActionResult> RegisterAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "devices")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(request, ApiPermission.Write, () => devices.RegisterAsync(request, cancellationToken));
}
