using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Actions;

/// <summary>
/// A small server-rendered HTML page for the one-click links: every value HTML-encoded, no script, no external
/// resources, not cached, not framed, and no Referer (the link's token is in the URL).
/// </summary>
public sealed class ActionPage(int status, string title, string body) : IResult
{
    public int StatusCode { get; } = status;

    public string Title { get; } = title;

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["X-Frame-Options"] = "DENY";
        response.Headers["X-Robots-Tag"] = "noindex";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">")
            .Append("<meta name=\"color-scheme\" content=\"light dark\"><title>").Append(Encode(Title)).Append(" - IoMT Advisory Tracker</title>")
            .Append("<style>body{font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:17px;line-height:1.5;max-width:640px;margin:0 auto;padding:24px 16px;color:#1a1a1a;background:#fff}")
            .Append("h1{font-size:24px;line-height:1.3}button{font:inherit;font-weight:bold;padding:10px 16px;margin:0 8px 10px 0;border-radius:4px;border:1px solid #0b57d0;background:#fff;color:#0b57d0;cursor:pointer}")
            .Append("button.primary{background:#0b57d0;color:#fff}.muted{color:#5f6368;font-size:14px}.box{border:1px solid #dde1e6;border-radius:6px;padding:12px 16px;margin:16px 0}")
            .Append("@media (prefers-color-scheme: dark){body{background:#121212;color:#e8e8e8}.muted{color:#b0b0b0}button{background:#1e1e1e;color:#8ab4f8;border-color:#8ab4f8}button.primary{background:#8ab4f8;color:#121212}}</style>")
            .Append("</head><body><main><h1>").Append(Encode(Title)).Append("</h1>")
            .Append(body)
            .Append("</main></body></html>");
        await response.WriteAsync(html.ToString(), httpContext.RequestAborted);
    }
}
