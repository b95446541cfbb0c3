using System.Runtime.CompilerServices;
using AdvisoryTracker.Api;
using AdvisoryTracker.Api.Http;
using AdvisoryTracker.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AdvisoryTracker.Functions.Http;

/// <summary>
/// What every HTTP function does around its endpoint: the shared <see cref="ApiPipeline"/> (roles when App Service
/// Authentication is on, Content-Type, time limit, 503 on storage outages, unexpected errors logged once with a
/// correlation id) — the same code the local runner runs.
/// </summary>
public sealed class ApiFunction(ApiPipeline pipeline)
{
    public async Task<IActionResult> RunAsync(
        HttpRequest request,
        ApiPermission permission,
        CancellationToken cancellationToken,
        Func<CancellationToken, Task<IResult>> endpoint,
        ApiBody body = ApiBody.None,
        [CallerMemberName] string name = "")
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await pipeline.RunAsync(request.HttpContext, permission, body, name, endpoint, cancellationToken);
        return new ResultAction(result);
    }

    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
