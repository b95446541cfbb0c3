using AdvisoryTracker.Api.Console;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Functions.Http;

/// <summary>
/// The web console at the site root (host.json's route prefix is empty; the JSON API's functions are under api/):
/// one catch-all function that dispatches through the console's own route table, as the local runner does.
/// Anonymous at the Functions level because App Service Authentication signs people in and the console checks the
/// principal's roles (Advisory.Admin changes, Advisory.Reader sees) on every request.
/// </summary>
public sealed class ConsoleFunction(ConsoleDispatcher console)
{
    public const string Route = "{*path}";

    [Function("Console")]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Route)] HttpRequest request) =>
        new DispatchAction(console);

    private sealed class DispatchAction(ConsoleDispatcher console) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => console.DispatchAsync(context.HttpContext);
    }
}
