using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Console;

/// <summary>One console request: the HTTP context, the signed-in user (null only on public routes) and route values.</summary>
public sealed class ConsoleRequest(HttpContext http, ConsoleUser? user, IReadOnlyDictionary<string, string> values, ConsoleAuth auth, IFormCollection? form)
{
    public HttpContext Http { get; } = http;

    public ConsoleUser? User { get; } = user;

    public bool IsAdmin => User?.IsAdmin == true;

    public ConsoleAuth Auth { get; } = auth;

    public IFormCollection Form { get; } = form ?? FormCollection.Empty;

    public string Route(string name) => values.TryGetValue(name, out var value) ? value : "";

    /// <summary>A single query value, trimmed and capped; null when absent or empty.</summary>
    public string? Query(string name, int max = 200)
    {
        var value = Http.Request.Query[name].ToString().Trim();
        return value.Length == 0 ? null : value.Length > max ? value[..max] : value;
    }

    /// <summary>A single form value, trimmed; null when absent or empty.</summary>
    public string? Field(string name)
    {
        var value = Form[name].ToString().Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>The hidden CSRF field every form carries.</summary>
    public Html CsrfField => Html.Of($"<input type=\"hidden\" name=\"{ConsoleAuth.CsrfField}\" value=\"{Auth.CsrfToken(Http)}\">");

    public static string Date(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    public static string DateTime(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "—";
}
