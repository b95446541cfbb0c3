using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace AdvisoryTracker.TestInfrastructure.Emulators;

/// <summary>
/// MailDev: a real SMTP server with a web inbox and a REST API, on free loopback ports. As an xUnit fixture it is the
/// test process's one shared MailDev (<see cref="ProcessWide{T}"/>): started at first use, stopped when the test
/// process exits. Tests address mail to recipients unique to the test and read the inbox filtered by recipient, so
/// test classes running in parallel never see each other's mail.
/// </summary>
public sealed class MailDevFixture : IAsyncLifetime
{
    private Instance? _instance;

    private Instance Running => _instance ?? throw new InvalidOperationException("MailDev is not started: call InitializeAsync first.");

    public int SmtpPort => Running.SmtpPort;
    public int WebPort => Running.WebPort;

    public async Task InitializeAsync() => _instance = await ProcessWide<Instance>.GetAsync(StartAsync);

    /// <summary>
    /// Starts MailDev on two free ports. Another test process may take a port between the probe and MailDev's bind (the
    /// browser and integration suites run side by side), so a start that has not listened on both ports in time, or
    /// whose process ended, is retried on new ports (three attempts), and the last failure names each attempt. "In time"
    /// is a minute, for a loaded machine: every test assembly starts at once, and Node.js starts slowly then.
    /// </summary>
    private static async Task<Instance> StartAsync()
    {
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var smtpPort = FreePort.Next();
            var webPort = FreePort.Next();
            var maildev = NodeProcess.Start(
                "maildev",
                "--smtp", smtpPort.ToString(CultureInfo.InvariantCulture),
                "--web", webPort.ToString(CultureInfo.InvariantCulture),
                "--ip", "127.0.0.1",
                "--web-ip", "127.0.0.1",
                "--silent");
            try
            {
                await FreePort.WaitUntilListeningAsync(smtpPort, TimeSpan.FromSeconds(60), () => maildev.Output, () => maildev.ExitDescription is not null);
                await FreePort.WaitUntilListeningAsync(webPort, TimeSpan.FromSeconds(60), () => maildev.Output, () => maildev.ExitDescription is not null);
                return new Instance(maildev, smtpPort, webPort);
            }
            catch (TimeoutException e)
            {
                failures.Add($"attempt {attempt} (smtp {smtpPort}, web {webPort}, {maildev.ExitDescription ?? "still running"}): {e.Message}");
                await maildev.DisposeAsync();
            }
        }

        throw new TimeoutException("MailDev did not start: " + string.Join(" | ", failures));
    }

    /// <summary>Every email in the inbox sent to <paramref name="recipient"/>.</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> EmailsToAsync(string recipient)
    {
        var all = await Running.Http.GetFromJsonAsync<List<ReceivedEmail>>("api/email") ?? [];
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

    /// <summary>Nothing to do: the shared MailDev runs until the test process exits.</summary>
    public Task DisposeAsync() => Task.CompletedTask;

    private sealed class Instance(NodeProcess process, int smtpPort, int webPort) : IAsyncDisposable
    {
        public int SmtpPort => smtpPort;
        public int WebPort => webPort;
        public HttpClient Http { get; } = new() { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/") };

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await process.DisposeAsync();
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
