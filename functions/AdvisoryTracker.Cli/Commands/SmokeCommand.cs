using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using AdvisoryTracker.Cli.Terminal;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// <c>smoke --url https://func-….azurewebsites.net --key &lt;function key&gt; [--token &lt;Entra ID token&gt;] [--wait SECONDS]</c>:
/// the operator's check that a fresh deployment works, over HTTP only (nothing local is needed): the anonymous health
/// route (the app runs and reaches its storage with its identity), the source health route with the key (the function
/// key and, with App Service Authentication, the token and its app role are accepted), at least one source synced
/// successfully (the SourceSync timer ran and stored with the identity; --wait polls for the first run), and the
/// dead-letter route (the identity may read the notification queue). One PASS/FAIL line per check; exit 0 when all pass.
/// </summary>
internal sealed class SmokeCommand : CliCommand
{
    private readonly HttpMessageHandler? _handler;

    public SmokeCommand()
    {
    }

    /// <summary>For tests: the HTTP handler to send with.</summary>
    internal SmokeCommand(HttpMessageHandler handler)
    {
        _handler = handler;
    }

    public string Name => "smoke";

    public override string Description =>
        "Check a deployed app over HTTP: health, the source list with the key (and token), that a source has synced, the dead-letter route. " +
        "One PASS/FAIL line per check. Exit codes: 0 all passed, 1 a check failed, 2 usage error.";

    public override string Usage => "smoke --url https://<app>.azurewebsites.net [--key <function key>] [--token <Entra ID access token>] [--wait <seconds>]";

    public override Command Create(CliOutput output)
    {
        var command = new Command(Name, Description);
        var url = command.Require(CliOptions.Create<string>("--url", "the app's base URL (https:// or http://)", "url"));
        url.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (BaseUrl(text) is null)
            {
                result.AddError($"--url must be an absolute http:// or https:// URL, not '{text}'");
            }
        });
        var key = CliOptions.Create<string>("--key", "a function key of the app (x-functions-key)", "function key");
        var token = CliOptions.Create<string>("--token", "with App Service Authentication: an Entra ID access token with an app role", "token");
        var wait = CliOptions.Create<int>("--wait", "poll up to this many seconds (0 to 3600) for the first source sync", "seconds").InRange(0, 3600);
        command.With(url, key, token, wait);
        command.SetAction((result, cancellationToken) => SmokeAsync(
            BaseUrl(result.GetValue(url))!, result.GetValue(key), result.GetValue(token), TimeSpan.FromSeconds(result.GetValue(wait)), output.Out, cancellationToken));
        return command;
    }

    private static Uri? BaseUrl(string? text) =>
        Uri.TryCreate(text?.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "https" or "http" ? url : null;

    private async Task<int> SmokeAsync(Uri baseUrl, string? key, string? token, TimeSpan wait, TextWriter stdout, CancellationToken cancellationToken)
    {
        using var http = _handler is null ? new HttpClient() : new HttpClient(_handler, disposeHandler: false);
        http.BaseAddress = baseUrl;
        http.Timeout = TimeSpan.FromSeconds(30);

        var failed = 0;
        async Task Report(string check, Func<Task<string?>> run)
        {
            string? problem;
            try
            {
                problem = await run();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
            {
                problem = ex.Message;
            }

            if (problem is null)
            {
                await stdout.WriteLineAsync($"PASS {check}");
            }
            else
            {
                failed++;
                await stdout.WriteLineAsync($"FAIL {check}: {problem}");
            }
        }

        await Report("health", async () =>
        {
            using var response = await http.GetAsync("api/health", cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode && Property(body, "status") == "ok"
                ? null
                : $"GET api/health answered {(int)response.StatusCode} {Shorten(body)}";
        });

        JsonElement? sources = null;
        await Report("sources (function key" + (token is null ? ")" : " and token)"), async () =>
        {
            var (problem, body) = await GetJsonAsync(http, "api/sources", key, token, cancellationToken);
            sources = body;
            return problem;
        });

        await Report("source sync", async () =>
        {
            var deadline = DateTimeOffset.UtcNow + wait;
            while (true)
            {
                var synced = sources?.GetProperty("items").EnumerateArray()
                    .Where(item => item.TryGetProperty("lastSuccess", out var last) && last.ValueKind == JsonValueKind.String)
                    .Select(item => item.GetProperty("name").GetString())
                    .ToArray() ?? [];
                if (synced.Length > 0)
                {
                    await stdout.WriteLineAsync($"     synced: {string.Join(", ", synced)}");
                    return null;
                }

                if (DateTimeOffset.UtcNow >= deadline)
                {
                    return sources is null
                        ? "the source list could not be read"
                        : "no source has synced successfully yet (the SourceSync timer runs every 5 minutes by default: use --wait 600)";
                }

                await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);
                var (problem, body) = await GetJsonAsync(http, "api/sources", key, token, cancellationToken);
                sources = problem is null ? body : sources;
            }
        });

        await Report("notification queue (dead letters)", async () =>
            (await GetJsonAsync(http, "api/notifications/dead-letters?max=1", key, token, cancellationToken)).Problem);

        await stdout.WriteLineAsync(failed == 0 ? "smoke: all checks passed" : $"smoke: {failed} check(s) failed");
        return failed == 0 ? 0 : 1;
    }

    private static async Task<(string? Problem, JsonElement? Body)> GetJsonAsync(
        HttpClient http, string path, string? key, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (!string.IsNullOrEmpty(key))
        {
            request.Headers.Add("x-functions-key", key);
        }

        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return ($"GET {path} answered {(int)response.StatusCode} {Shorten(body)}", null);
        }

        using var document = JsonDocument.Parse(body);
        return (null, document.RootElement.Clone());
    }

    private static string? Property(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string body)
    {
        var line = body.ReplaceLineEndings(" ");
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
