using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>
/// One seeded console host per console collection for the tests that only look (pages, roles, refusals, exports):
/// started on first use and stopped when the collection ends. A test that changes data starts its own host, so no test
/// depends on another's changes.
/// </summary>
public sealed class SharedConsoleFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConsoleHost? _host;

    /// <summary>The shared host with the seed devices; callers must not change its data and must not dispose it.</summary>
    public async Task<ConsoleHost> ReadOnlyHostAsync(AzuriteFixture azurite)
    {
        await _gate.WaitAsync();
        try
        {
            return _host ??= await ConsoleHost.StartAsync(azurite);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _gate.Dispose();
    }
}
