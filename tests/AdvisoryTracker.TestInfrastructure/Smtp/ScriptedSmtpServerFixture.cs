using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Xunit;

namespace AdvisoryTracker.TestInfrastructure.Smtp;

/// <summary>
/// A scriptable SMTP server (<c>scripted-smtp.js</c> on the npm package smtp-server) on free loopback ports: tests plan
/// the reply to RCPT TO per recipient (421 then 250, 550, ...), then read what it accepted. Started once per fixture,
/// stopped by process id on dispose. Tests use recipients unique to them, so plans never collide.
/// </summary>
public sealed class ScriptedSmtpServerFixture : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private NodeProcess? _server;

    public int SmtpPort { get; } = FreePort.Next();

    public int ControlPort { get; } = FreePort.Next();

    public async Task InitializeAsync()
    {
        if (!Directory.Exists(Path.Combine(RepositoryPaths.Root, "infra", "node_modules", "smtp-server")))
        {
            throw new InvalidOperationException("infra/node_modules/smtp-server is missing: run 'npm ci --prefix infra' first.");
        }

        _server = NodeProcess.StartScript(
            Path.Combine(RepositoryPaths.Root, "tests", "AdvisoryTracker.TestInfrastructure", "Smtp", "scripted-smtp.js"),
            SmtpPort.ToString(CultureInfo.InvariantCulture),
            ControlPort.ToString(CultureInfo.InvariantCulture));
        _http.BaseAddress = new Uri($"http://127.0.0.1:{ControlPort}/");
        await FreePort.WaitUntilListeningAsync(SmtpPort, TimeSpan.FromSeconds(30), () => _server.Output);
        await FreePort.WaitUntilListeningAsync(ControlPort, TimeSpan.FromSeconds(30), () => _server.Output);
    }

    /// <summary>Replies to RCPT TO for <paramref name="recipient"/>, in order (then 250).</summary>
    public async Task PlanAsync(string recipient, params int[] replies)
    {
        using var response = await _http.PostAsJsonAsync("plan", new Dictionary<string, int[]> { [recipient] = replies });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Drops every open SMTP connection, as a server does with idle sessions; returns how many.</summary>
    public async Task<int> DropConnectionsAsync()
    {
        using var response = await _http.PostAsync("drop", null);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, int>>();
        return body?["dropped"] ?? 0;
    }

    /// <summary>Every accepted message addressed to <paramref name="recipient"/>.</summary>
    public async Task<IReadOnlyList<ScriptedSmtpMessage>> MessagesToAsync(string recipient)
    {
        var all = await _http.GetFromJsonAsync<List<ScriptedSmtpMessage>>("messages") ?? [];
        return all.Where(m => m.To.Contains(recipient, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>Every RCPT decision for the recipient ("RCPT address code"), in order.</summary>
    public async Task<IReadOnlyList<string>> RcptLogAsync(string recipient) =>
        ((await _http.GetFromJsonAsync<List<string>>("log")) ?? [])
            .Where(l => l.Contains(recipient.ToLowerInvariant(), StringComparison.Ordinal))
            .ToList();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

public sealed record ScriptedSmtpMessage(
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] IReadOnlyList<string> To,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("raw")] string Raw);
