using System.Collections.Concurrent;
using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Adapters.Sources.Bulletins;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdvisoryTracker.Integration.Tests.Sources;

/// <summary>
/// The real guarded HTTP client (resilience handler included) configured for loopback with tiny delays, and a minimal
/// runner that syncs several sources the way the host does: each with its own state, a failure recorded, never rethrown.
/// </summary>
internal sealed class SourceHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public SourceHarness(TimeSpan? attemptTimeout = null, TimeSpan? totalTimeout = null, int maxRetries = 2, IEnumerable<KeyValuePair<string, string?>>? extraSettings = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SourceHttp:AllowLoopback"] = "true",
            ["SourceHttp:RetryDelay"] = "00:00:00.050",
            ["SourceHttp:MaxRetryAttempts"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SourceHttp:AttemptTimeout"] = (attemptTimeout ?? TimeSpan.FromSeconds(5)).ToString(),
            ["SourceHttp:TotalTimeout"] = (totalTimeout ?? TimeSpan.FromSeconds(15)).ToString(),
        };
        foreach (var (key, value) in extraSettings ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSourceHttpClient()
            .BuildServiceProvider();
    }

    public SourceHttpClient Http => _services.GetRequiredService<SourceHttpClient>();

    public PageIngestor Ingestor => new(Http, NullLogger<PageIngestor>.Instance);

    /// <summary>Runs every source once; a failure is recorded in that source's state only (as the host's runner does).</summary>
    public static async Task RunAsync(IEnumerable<IAdvisorySource> sources, IDictionary<string, SourceState> states, IAdvisorySink sink, DateTimeOffset now)
    {
        foreach (var source in sources)
        {
            if (!states.TryGetValue(source.Name, out var state))
            {
                state = new SourceState { SourceName = source.Name };
                states[source.Name] = state;
            }

            // The host saves a copy only after a successful run; a failed run keeps the saved state plus the error.
            var working = Clone(state);
            working.LastAttempt = now;
            try
            {
                await source.SyncAsync(working, sink, CancellationToken.None);
                working.LastSuccess = now;
                working.ConsecutiveFailures = 0;
                working.LastError = null;
                states[source.Name] = working;
            }
            catch (Exception ex)
            {
                // Any exception: SourceHttpClient lets Polly's TimeoutRejectedException through unwrapped, so a runner
                // must not filter by type.
                // The source keeps its state exact itself (cursor past handled pages only, validators untouched).
                working.ConsecutiveFailures = state.ConsecutiveFailures + 1;
                working.LastError = ex.Message;
                states[source.Name] = working;
            }
        }
    }

    public static SourceState Clone(SourceState state)
    {
        var copy = new SourceState
        {
            SourceName = state.SourceName,
            ETag = state.ETag,
            LastModified = state.LastModified,
            Cursor = state.Cursor,
            LastAttempt = state.LastAttempt,
            LastSuccess = state.LastSuccess,
            ConsecutiveFailures = state.ConsecutiveFailures,
            LastError = state.LastError,
            DocumentsSeen = state.DocumentsSeen,
            DocumentsStored = state.DocumentsStored,
            DocumentsRejected = state.DocumentsRejected,
        };
        foreach (var (key, value) in state.Extra)
        {
            copy.Extra[key] = value;
        }

        return copy;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

/// <summary>An in-memory sink with the contract's idempotency (same id and content hash = unchanged).</summary>
internal sealed class RecordingSink : IAdvisorySink
{
    private readonly ConcurrentDictionary<string, Advisory> _advisories = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Source, string Reference, string Reason)> Rejections { get; } = new();

    public IReadOnlyCollection<Advisory> Advisories => _advisories.Values.ToList();

    public Task<AdvisoryStoreOutcome> StoreAsync(Advisory advisory, ReadOnlyMemory<byte> rawDocument, string sourceName, CancellationToken cancellationToken)
    {
        Assert.False(rawDocument.IsEmpty);
        if (_advisories.TryGetValue(advisory.Id, out var existing))
        {
            if (existing.ContentHash == advisory.ContentHash)
            {
                return Task.FromResult(AdvisoryStoreOutcome.Unchanged);
            }

            _advisories[advisory.Id] = advisory;
            return Task.FromResult(AdvisoryStoreOutcome.Revised);
        }

        _advisories[advisory.Id] = advisory;
        return Task.FromResult(AdvisoryStoreOutcome.Created);
    }

    public Task RecordRejectionAsync(string sourceName, string documentReference, string reason, CancellationToken cancellationToken)
    {
        Rejections.Enqueue((sourceName, documentReference, reason));
        return Task.CompletedTask;
    }
}
