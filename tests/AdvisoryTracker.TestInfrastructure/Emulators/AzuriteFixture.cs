using Xunit;

namespace AdvisoryTracker.TestInfrastructure.Emulators;

/// <summary>
/// Azurite (Tables, Queues, Blobs) on free loopback ports, in memory, started once per test run by a collection fixture.
/// Tests use their own table, queue and container names, so they never depend on each other.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft; not a secret).</summary>
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private NodeProcess? _azurite;

    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>
    /// Starts Azurite on three free ports; a start that has not listened on all of them in time, or whose process ended
    /// (a port taken by another test process between the probe and the bind), is retried on new ports (three attempts).
    /// </summary>
    public async Task InitializeAsync()
    {
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            (BlobPort, QueuePort, TablePort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
            var azurite = NodeProcess.Start(
                "azurite",
                "--inMemoryPersistence",
                "--silent",
                "--skipApiVersionCheck",
                "--disableProductStyleUrl",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            try
            {
                var timeout = TimeSpan.FromSeconds(40);
                foreach (var port in new[] { BlobPort, QueuePort, TablePort })
                {
                    await FreePort.WaitUntilListeningAsync(port, timeout, () => azurite.Output, () => azurite.ExitDescription is not null);
                }

                _azurite = azurite;
                return;
            }
            catch (TimeoutException e)
            {
                failures.Add($"attempt {attempt} ({azurite.ExitDescription ?? "still running"}): {e.Message}");
                await azurite.DisposeAsync();
            }
        }

        throw new TimeoutException("Azurite did not start: " + string.Join(" | ", failures));
    }

    /// <summary>A name unique to this call, valid for tables, queues and containers (lower-case letters and digits).</summary>
    public static string UniqueName(string prefix) =>
        (prefix + Guid.NewGuid().ToString("N"))[..Math.Min(prefix.Length + 32, 60)].ToLowerInvariant();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
