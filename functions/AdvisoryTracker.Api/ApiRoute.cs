using AdvisoryTracker.Api.Devices;
using AdvisoryTracker.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Api;

/// <summary>One admin API route: the same table drives the local runner's routing and the OpenAPI document.</summary>
public sealed record ApiRoute(
    string Method,
    string Template,
    ApiPermission Permission,
    string Summary,
    Func<HttpContext, CancellationToken, Task<IResult>> Handle);

public static class ApiRoutes
{
    /// <summary>Every route, relative to <c>/api</c>.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("POST", "devices", ApiPermission.Write, "Register a device model",
            (context, ct) => context.RequestServices.GetRequiredService<DeviceEndpoints>().RegisterAsync(context.Request, ct)),
    ];
}
