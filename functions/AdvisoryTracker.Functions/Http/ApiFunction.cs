using AdvisoryTracker.Api.Problems;
using AdvisoryTracker.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AdvisoryTracker.Functions.Http;

/// <summary>
/// What every HTTP function does around its endpoint: roles (when App Service Authentication is on), the endpoint
/// call, and a problem response instead of a stack trace when something unexpected fails.
/// </summary>
public sealed class ApiFunction(ApiAuthorizer authorizer)
{
    public async Task<IActionResult> RunAsync(HttpRequest request, ApiPermission permission, Func<Task<IResult>> endpoint)
    {
        var result = authorizer.Authorize(request, permission);
        if (result is null)
        {
            try
            {
                result = await endpoint();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The host logs the exception with the invocation; the caller gets no internals.
                request.HttpContext.Items["AdvisoryTracker.Exception"] = ex;
                result = ApiProblems.ServerError();
            }
        }

        return new ResultAction(result);
    }

    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
