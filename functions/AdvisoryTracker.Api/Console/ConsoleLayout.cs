using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Console;

/// <summary>The page frame: landmarks, skip link, navigation with the current page marked, who is signed in.</summary>
public sealed class ConsoleLayout
{
    private static readonly (string Href, string Label)[] Navigation =
    [
        ("/", "Overview"),
        ("/devices", "Devices"),
        ("/advisories", "Advisories"),
        ("/triage", "Triage"),
        ("/remediation", "Remediation"),
        ("/operations", "Operations"),
    ];

    /// <summary>Messages shown after a change (post, then redirect with <c>?done=</c>): fixed texts, never echoed input.</summary>
    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        ["registered"] = "Device registered. It is being matched against every stored advisory.",
        ["saved"] = "Device saved. It is being matched again.",
        ["imported"] = "Devices imported. They are being matched against every stored advisory.",
        ["confirmed"] = "Match confirmed: the device is affected and stays on the remediation board.",
        ["dismissed"] = "Match dismissed: recorded as not affected with your reason.",
        ["updated"] = "Remediation status updated.",
        ["replayed"] = "Notifications sent back to the queue.",
    };

    public IResult Page(ConsoleRequest request, string title, string active, Html body, int status = StatusCodes.Status200OK)
    {
        var user = request.User;
        var nav = Navigation.Select(n => n.Href == active
            ? Html.Of($"<li><a href=\"{n.Href}\" aria-current=\"page\">{n.Label}</a></li>")
            : Html.Of($"<li><a href=\"{n.Href}\">{n.Label}</a></li>"));
        var who = user is null
            ? Html.Empty
            : Html.Of($"""
                <div class="who"><span>{user.Name} · <strong>{(user.IsAdmin ? "Admin" : "Reader")}</strong></span>
                {(request.Auth.UsesPlatformAuthentication ? Html.Empty : Html.Of($"<form method=\"post\" action=\"/sign-out\">{request.CsrfField}<button type=\"submit\" class=\"link\">Sign out</button></form>"))}</div>
                """);
        var done = request.Query("done") is { } code && Done.TryGetValue(code, out var message)
            ? Html.Of($"<p class=\"notice ok\" role=\"status\">{message}</p>")
            : Html.Empty;
        var readerNote = user is { IsAdmin: false }
            ? Html.Of($"<p class=\"notice\">You have read-only access: forms that change data are not shown.</p>")
            : Html.Empty;
        return Document(status, title, Html.Of($"""
            <header class="top">
              <a class="brand" href="/">IoMT Advisory Tracker</a>
              <nav aria-label="Main"><ul>{nav}</ul></nav>
              {who}
            </header>
            <main id="main" tabindex="-1">
              <h1>{title}</h1>
              {done}{readerNote}{body}
            </main>
            """));
    }

    public IResult Bare(string title, Html body, int status = StatusCodes.Status200OK) =>
        Document(status, title, Html.Of($"""
            <header class="top"><a class="brand" href="/">IoMT Advisory Tracker</a></header>
            <main id="main" tabindex="-1" class="narrow"><h1>{title}</h1>{body}</main>
            """));

    public IResult Error(HttpContext context, int status, string title, string message) =>
        Bare(title, Html.Of($"<p>{message}</p><p><a href=\"/\">Back to the overview</a></p>"), status);

    private static IResult Document(int status, string title, Html content) =>
        Results.Content(Html.Of($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · IoMT Advisory Tracker</title>
            <link rel="stylesheet" href="/assets/console.css">
            <script type="module" src="/assets/console.js"></script>
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            {content}
            <footer><p>IoMT Advisory Tracker · advisories from public sources; no patient data is stored.</p></footer>
            </body>
            </html>
            """).Value, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
