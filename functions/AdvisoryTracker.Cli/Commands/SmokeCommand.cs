using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// <c>smoke --url https://func-….azurewebsites.net --key &lt;function key&gt; [--token &lt;Entra ID token&gt;] [--wait SECONDS]</c>:
/// the operator's check that a fresh deployment works, over HTTP only (nothing local is needed): the anonymous health
/// route (the app runs and reaches its storage with its identity), the source health route with the key (the function
/// key and, with App Service Authentication, the token and its app role are accepted), at least one source synced
/// successfully (the SourceSync timer ran and stored with the identity; --wait polls for the first run), and the
/// dead-letter route (the identity may read the notification queue). One PASS/FAIL line per check; exit 0 when all pass.
/// </summary>
internal sealed class SmokeCommand : ICliCommand
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

    public string Description => "--url U --key K [--token T] [--wait S]: check a deployed app (health, sources, a sync, dead letters)";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!CliArguments.TryParse(args, ["--url", "--key", "--token", "--wait"], out var verb, out var options, out var error)
            || verb is not null
            || !options.TryGetValue("--url", out var urlText)
            || !Uri.TryCreate(urlText.TrimEnd('/') + "/", UriKind.Absolute, out var baseUrl)
            || baseUrl.Scheme is not ("https" or "http"))
        {
            await stderr.WriteLineAsync(error ?? "usage: smoke --url https://<app>.azurewebsites.net --key <function key> [--token <Entra ID access token>] [--wait <seconds>]");
            return 2;
        }

        var wait = TimeSpan.Zero;
        if (options.TryGetValue("--wait", out var waitText))
        {
            if (!int.TryParse(waitText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 3600)
            {
                await stderr.WriteLineAsync($"smoke: --wait must be 0 to 3600 seconds, not '{waitText}'");
                return 2;
            }

            wait = TimeSpan.FromSeconds(seconds);
        }

        using var http = _handler is null ? new HttpClient() : new HttpClient(_handler, disposeHandler: false);
        http.BaseAddress = baseUrl;
        http.Timeout = TimeSpan.FromSeconds(30);
        options.TryGetValue("--key", out var key);
        options.TryGetValue("--token", out var token);

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
