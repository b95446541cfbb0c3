using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Api.Console;

/// <summary>
/// Serves a console request from <see cref="ConsoleRoutes.All"/>: security headers, sign-in, roles (Write routes are
/// refused server-side for readers), CSRF on every POST, and a plain error page instead of internals.
/// </summary>
public sealed partial class ConsoleDispatcher(ConsoleAuth auth, ConsoleLayout layout, ILogger<ConsoleDispatcher> logger)
{
    private const long MaxFormBytes = 9 * 1024 * 1024;

    public async Task DispatchAsync(HttpContext context)
    {
        var result = await ResolveAsync(context);
        await result.ExecuteAsync(context);
    }

    private async Task<IResult> ResolveAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";

        var path = (context.Request.Path.Value ?? "/").Trim('/');
        var method = context.Request.Method.ToUpperInvariant();
        if (path == "api" || path.StartsWith("api/", StringComparison.Ordinal))
        {
            // An unknown JSON API address stays a JSON 404, never a console page or a sign-in redirect.
            headers.CacheControl = "no-store";
            return AdvisoryTracker.Api.Problems.ApiProblems.NotFound("no API route at this address");
        }

        var candidates = ConsoleRoutes.All.Select(r => (Route: r, Values: r.Match(path))).Where(c => c.Values is not null).ToList();
        if (candidates.Count == 0)
        {
            return layout.Error(context, StatusCodes.Status404NotFound, "Page not found", "There is no page at this address.");
        }

        var (route, values) = candidates.FirstOrDefault(c => c.Route.Method == method);
        if (route is null)
        {
            return layout.Error(context, StatusCodes.Status405MethodNotAllowed, "Not allowed", "This page cannot be used that way.");
        }

        var user = auth.CurrentUser(context);
        if (route.Access != ConsoleAccess.Public && user is null)
        {
            if (!auth.UsesPlatformAuthentication && method == "GET")
            {
                return Results.Redirect("/sign-in?returnUrl=" + Uri.EscapeDataString("/" + path + context.Request.QueryString.Value));
            }

            return auth.UsesPlatformAuthentication
                ? layout.Error(context, StatusCodes.Status403Forbidden, "No access", "Your account has neither the Advisory.Reader nor the Advisory.Admin role.")
                : Results.Redirect("/sign-in");
        }

        IFormCollection? form = null;
        if (method == "POST")
        {
            if (!context.Request.HasFormContentType || context.Request.ContentLength > MaxFormBytes)
            {
                return layout.Error(context, StatusCodes.Status400BadRequest, "Form not accepted", "The form could not be read. Go back and try again.");
            }

            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
            {
                return layout.Error(context, StatusCodes.Status400BadRequest, "Form not accepted", "The form could not be read (too large or malformed).");
            }

            if (!auth.IsValidCsrf(context, form[ConsoleAuth.CsrfField]))
            {
                return layout.Error(context, StatusCodes.Status400BadRequest, "Form expired", "This form's security token is missing or out of date. Reload the page and submit it again.");
            }
        }

        if (route.Access == ConsoleAccess.Write && user?.IsAdmin != true)
        {
            return layout.Error(context, StatusCodes.Status403Forbidden, "Read-only access", "Only an Advisory.Admin can make changes. You can see everything but change nothing.");
        }

        try
        {
            return await route.Handle(new ConsoleRequest(context, user, values!, auth, form));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, method, route.Template);
            return layout.Error(context, StatusCodes.Status500InternalServerError, "Something went wrong", "The page could not be shown. Try again in a moment; if it keeps failing, tell the operators.");
        }
    }

    [LoggerMessage(EventId = 9201, Level = LogLevel.Error, Message = "Console page failed: {Method} /{Route}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string route);
}
