using System.Collections.Concurrent;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Sources;

namespace AdvisoryTracker.Integration.Tests.Csaf;

/// <summary>An in-memory <see cref="IAdvisorySink"/> that behaves like the real one (idempotent on content) and records every call.</summary>
internal sealed class RecordingAdvisorySink : IAdvisorySink
{
    private readonly ConcurrentDictionary<string, Advisory> _current = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<(string Source, Advisory Advisory, AdvisoryStoreOutcome Outcome)> Stores { get; } = new();

    public ConcurrentQueue<(string Source, string Reference, string Reason)> Rejections { get; } = new();

    /// <summary>Calls that would write a table row (created, revised, rejected).</summary>
    public int Writes => Stores.Count(s => s.Outcome != AdvisoryStoreOutcome.Unchanged) + Rejections.Count;

    public IReadOnlyDictionary<string, Advisory> Current => _current;

    public Task<AdvisoryStoreOutcome> StoreAsync(Advisory advisory, ReadOnlyMemory<byte> rawDocument, string sourceName, CancellationToken cancellationToken)
    {
        var outcome = _current.TryGetValue(advisory.Id, out var existing)
            ? existing.ContentHash == advisory.ContentHash ? AdvisoryStoreOutcome.Unchanged : AdvisoryStoreOutcome.Revised
            : AdvisoryStoreOutcome.Created;
        _current[advisory.Id] = advisory;
        Stores.Enqueue((sourceName, advisory, outcome));
        return Task.FromResult(outcome);
    }

    public Task RecordRejectionAsync(string sourceName, string documentReference, string reason, CancellationToken cancellationToken)
    {
        Rejections.Enqueue((sourceName, documentReference, reason));
        return Task.CompletedTask;
    }

    public void Clear()
    {
        Stores.Clear();
        Rejections.Clear();
    }
}

/// <summary>An in-memory <see cref="ISourceStateStore"/> for source tests that do not need Azurite.</summary>
internal sealed class InMemorySourceStateStore : ISourceStateStore
{
    private readonly ConcurrentDictionary<string, SourceState> _states = new(StringComparer.Ordinal);

    public Task<SourceState> GetAsync(string sourceName, CancellationToken cancellationToken) =>
        Task.FromResult(_states.TryGetValue(sourceName, out var s) ? Copy(s) : new SourceState { SourceName = sourceName });

    public Task SaveAsync(SourceState state, CancellationToken cancellationToken)
    {
        _states[state.SourceName] = Copy(state);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SourceState>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SourceState>>(_states.Values.Select(Copy).ToList());

    private static SourceState Copy(SourceState s)
    {
        var copy = new SourceState
        {
            SourceName = s.SourceName, ETag = s.ETag, LastModified = s.LastModified, Cursor = s.Cursor, LastAttempt = s.LastAttempt,
            LastSuccess = s.LastSuccess, ConsecutiveFailures = s.ConsecutiveFailures, LastError = s.LastError,
            DocumentsSeen = s.DocumentsSeen, DocumentsStored = s.DocumentsStored, DocumentsRejected = s.DocumentsRejected,
        };
        foreach (var (k, v) in s.Extra)
        {
            copy.Extra[k] = v;
        }

        return copy;
    }
}
