using AdvisoryTracker.Domain.Sources;

namespace AdvisoryTracker.Integration.Tests.Csaf;

/// <summary>Passes every call to the real store and counts the saves (each is one table write).</summary>
internal sealed class CountingSourceStateStore(ISourceStateStore inner) : ISourceStateStore
{
    private int _saves;

    public int Saves => Volatile.Read(ref _saves);

    public Task<SourceState> GetAsync(string sourceName, CancellationToken cancellationToken) => inner.GetAsync(sourceName, cancellationToken);

    public Task SaveAsync(SourceState state, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _saves);
        return inner.SaveAsync(state, cancellationToken);
    }

    public Task<IReadOnlyList<SourceState>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public void ResetCount() => Interlocked.Exchange(ref _saves, 0);
}
