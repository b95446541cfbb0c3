using AdvisoryTracker.Api.Security;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Console.Pages;

/// <summary>
/// Local sign-in with the local runner's key. The name given is recorded as the actor of every change; "view only"
/// signs in as a reader. Behind App Service Authentication there is no sign-in form: the platform signs people in.
/// </summary>
public sealed class SignInPage(ConsoleLayout layout)
{
    public const int MaxNameLength = 100;

    public IResult Show(ConsoleRequest request, string? error, int status = StatusCodes.Status200OK)
    {
        if (!request.Auth.LocalSignInAvailable)
        {
            return layout.Bare("Sign in", Html.Of($"<p>This console is signed in through your organisation's account (roles {ApiRoles.Admin} or {ApiRoles.Reader}). <a href=\"/\">Open the overview</a>.</p>"));
        }

        var returnUrl = SafeReturnUrl(request.Query("returnUrl", 500) ?? request.Field("returnUrl"));
        var errorBlock = error is null ? Html.Empty : Html.Of($"<p class=\"notice error\" role=\"alert\" id=\"signin-error\">{error}</p>");
        return layout.Bare("Sign in", Html.Of($"""
            <p>Sign in with the local key (<code>LocalRunner__FunctionKey</code> in <code>local.settings.json</code>).</p>
            {errorBlock}
            <form method="post" action="/sign-in" class="stack">
              {request.CsrfField}
              <input type="hidden" name="returnUrl" value="{returnUrl}">
              <div class="field"><label for="name">Your name</label>
                <input id="name" name="name" required maxlength="{MaxNameLength}" autocomplete="name" value="{request.Field("name") ?? ""}">
                <p class="hint" id="name-hint">Recorded as who made each change.</p></div>
              <div class="field"><label for="key">Local key</label>
                <input id="key" name="key" type="password" required autocomplete="current-password"></div>
              <div class="field check"><input id="reader" name="reader" type="checkbox" value="1"><label for="reader">View only (sign in as a reader)</label></div>
              <button type="submit">Sign in</button>
            </form>
            """), status);
    }

    public Task<IResult> SignInAsync(ConsoleRequest request)
    {
        if (!request.Auth.LocalSignInAvailable)
        {
            return Task.FromResult(Show(request, null));
        }

        var name = request.Field("name");
        if (name is null || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return Task.FromResult(Show(request, $"Enter your name (up to {MaxNameLength} characters).", StatusCodes.Status400BadRequest));
        }

        if (!request.Auth.IsValidSignInKey(request.Form["key"].ToString()))
        {
            return Task.FromResult(Show(request, "That key is not right.", StatusCodes.Status401Unauthorized));
        }

        request.Auth.SignIn(request.Http, new ConsoleUser(name, IsAdmin: request.Field("reader") is null));
        return Task.FromResult(Results.Redirect(SafeReturnUrl(request.Field("returnUrl"))));
    }

    public static IResult SignOut(ConsoleRequest request)
    {
        ConsoleAuth.SignOut(request.Http);
        return Results.Redirect("/sign-in");
    }

    /// <summary>Only a local path (never another site, never //host).</summary>
    private static string SafeReturnUrl(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\') && !url.StartsWith("/sign-", StringComparison.Ordinal)
            ? url
            : "/";
}
