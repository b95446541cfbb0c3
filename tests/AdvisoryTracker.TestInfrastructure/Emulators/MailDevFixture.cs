using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace AdvisoryTracker.TestInfrastructure.Emulators;

/// <summary>
/// MailDev: a real SMTP server with a web inbox and a REST API, on free loopback ports, started once per test run.
/// Tests address mail to recipients unique to the test and read the inbox filtered by recipient.
/// </summary>
public sealed class MailDevFixture : IAsyncLifetime
{
    private NodeProcess? _maildev;
    private readonly HttpClient _http = new();

    public int SmtpPort { get; } = FreePort.Next();
    public int WebPort { get; } = FreePort.Next();

    public async Task InitializeAsync()
    {
        _maildev = NodeProcess.Start(
            "maildev",
            "--smtp", SmtpPort.ToString(CultureInfo.InvariantCulture),
            "--web", WebPort.ToString(CultureInfo.InvariantCulture),
            "--ip", "127.0.0.1",
            "--web-ip", "127.0.0.1",
            "--silent");
        _http.BaseAddress = new Uri($"http://127.0.0.1:{WebPort}/");
        await FreePort.WaitUntilListeningAsync(SmtpPort, TimeSpan.FromSeconds(60), () => _maildev.Output);
        await FreePort.WaitUntilListeningAsync(WebPort, TimeSpan.FromSeconds(60), () => _maildev.Output);
    }

    /// <summary>Every email in the inbox sent to <paramref name="recipient"/>.</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> EmailsToAsync(string recipient)
    {
        var all = await _http.GetFromJsonAsync<List<ReceivedEmail>>("api/email") ?? [];
        return all.Where(e => e.To.Any(t => string.Equals(t.Address, recipient, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> emails reached the recipient, then returns them.</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> WaitForEmailsToAsync(string recipient, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var emails = await EmailsToAsync(recipient);
            if (emails.Count >= count || DateTime.UtcNow >= deadline)
            {
                return emails;
            }

            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_maildev is not null)
        {
            await _maildev.DisposeAsync();
        }
    }
}

public sealed record ReceivedEmail(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("from")] IReadOnlyList<EmailAddress> From,
    [property: JsonPropertyName("to")] IReadOnlyList<EmailAddress> To,
    [property: JsonPropertyName("html")] string? Html,
    [property: JsonPropertyName("text")] string? Text);

public sealed record EmailAddress(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("name")] string? Name);
