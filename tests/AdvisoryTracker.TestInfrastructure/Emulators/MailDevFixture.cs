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

    public int SmtpPort { get; private set; }
    public int WebPort { get; private set; }

    /// <summary>
    /// Starts MailDev on two free ports. Another test process may take a port between the probe and MailDev's bind (the
    /// browser and integration suites run side by side), so a start that has not listened on both ports in time, or
    /// whose process ended, is retried on new ports (three attempts), and the last failure names each attempt.
    /// </summary>
    public async Task InitializeAsync()
    {
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            SmtpPort = FreePort.Next();
            WebPort = FreePort.Next();
            var maildev = NodeProcess.Start(
                "maildev",
                "--smtp", SmtpPort.ToString(CultureInfo.InvariantCulture),
                "--web", WebPort.ToString(CultureInfo.InvariantCulture),
                "--ip", "127.0.0.1",
                "--web-ip", "127.0.0.1",
                "--silent");
            try
            {
                await FreePort.WaitUntilListeningAsync(SmtpPort, TimeSpan.FromSeconds(30), () => maildev.Output, () => maildev.ExitDescription is not null);
                await FreePort.WaitUntilListeningAsync(WebPort, TimeSpan.FromSeconds(30), () => maildev.Output, () => maildev.ExitDescription is not null);
                _maildev = maildev;
                _http.BaseAddress = new Uri($"http://127.0.0.1:{WebPort}/");
                return;
            }
            catch (TimeoutException e)
            {
                failures.Add($"attempt {attempt} (smtp {SmtpPort}, web {WebPort}, {maildev.ExitDescription ?? "still running"}): {e.Message}");
                await maildev.DisposeAsync();
            }
        }

        throw new TimeoutException("MailDev did not start: " + string.Join(" | ", failures));
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
