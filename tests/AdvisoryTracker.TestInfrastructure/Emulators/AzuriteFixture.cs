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

    public int BlobPort { get; } = FreePort.Next();
    public int QueuePort { get; } = FreePort.Next();
    public int TablePort { get; } = FreePort.Next();

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public async Task InitializeAsync()
    {
        _azurite = NodeProcess.Start(
            "azurite",
            "--inMemoryPersistence",
            "--silent",
            "--skipApiVersionCheck",
            "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var timeout = TimeSpan.FromSeconds(60);
        await FreePort.WaitUntilListeningAsync(BlobPort, timeout, () => _azurite.Output);
        await FreePort.WaitUntilListeningAsync(QueuePort, timeout, () => _azurite.Output);
        await FreePort.WaitUntilListeningAsync(TablePort, timeout, () => _azurite.Output);
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
