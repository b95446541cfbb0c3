using Xunit;

namespace AdvisoryTracker.TestInfrastructure.Emulators;

/// <summary>
/// Azurite (Tables, Queues, Blobs) on free loopback ports, in memory. As an xUnit fixture it is the test process's one
/// shared Azurite (<see cref="ProcessWide{T}"/>): started at first use, stopped when the test process exits, so test
/// classes run in parallel against it. Tests use their own table, queue and container names, so they never depend on
/// each other. A test that stops storage on purpose starts its own with <see cref="Private"/>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft; not a secret).</summary>
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly bool _private;
    private Instance? _instance;

    /// <summary>The shared Azurite of the test process (what xUnit creates for a fixture).</summary>
    public AzuriteFixture()
        : this(isPrivate: false)
    {
    }

    private AzuriteFixture(bool isPrivate)
    {
        _private = isPrivate;
    }

    /// <summary>An Azurite of its own, started by <see cref="InitializeAsync"/> and stopped by <see cref="DisposeAsync"/>.</summary>
    public static AzuriteFixture Private() => new(isPrivate: true);

    private Instance Running => _instance ?? throw new InvalidOperationException("Azurite is not started: call InitializeAsync first.");

    public int BlobPort => Running.BlobPort;
    public int QueuePort => Running.QueuePort;
    public int TablePort => Running.TablePort;

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public async Task InitializeAsync() =>
        _instance = _private ? await StartAsync() : await ProcessWide<Instance>.GetAsync(StartAsync);

    /// <summary>A name unique to this call, valid for tables, queues and containers (lower-case letters and digits).</summary>
    public static string UniqueName(string prefix) =>
        (prefix + Guid.NewGuid().ToString("N"))[..Math.Min(prefix.Length + 32, 60)].ToLowerInvariant();

    /// <summary>Stops a private Azurite; the shared one runs until the test process exits.</summary>
    public async Task DisposeAsync()
    {
        if (_private && _instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }

    /// <summary>
    /// Starts Azurite on three free ports; a start whose process ended (a port taken by another test process between the
    /// probe and the bind), or that has not listened on all of them within a minute, is retried on new ports (three
    /// attempts). The minute is for a loaded machine: every test assembly starts at once, and Node.js starts slowly then.
    /// </summary>
    private static async Task<Instance> StartAsync()
    {
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var (blobPort, queuePort, tablePort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
            var azurite = NodeProcess.Start(
                "azurite",
                "--inMemoryPersistence",
                "--silent",
                "--skipApiVersionCheck",
                "--disableProductStyleUrl",
                "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            try
            {
                var timeout = TimeSpan.FromSeconds(60);
                foreach (var port in new[] { blobPort, queuePort, tablePort })
                {
                    await FreePort.WaitUntilListeningAsync(port, timeout, () => azurite.Output, () => azurite.ExitDescription is not null);
                }

                return new Instance(azurite, blobPort, queuePort, tablePort);
            }
            catch (TimeoutException e)
            {
                failures.Add($"attempt {attempt} ({azurite.ExitDescription ?? "still running"}): {e.Message}");
                await azurite.DisposeAsync();
            }
        }

        throw new TimeoutException("Azurite did not start: " + string.Join(" | ", failures));
    }

    private sealed record Instance(NodeProcess Process, int BlobPort, int QueuePort, int TablePort) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
