namespace AdvisoryTracker.Domain.Sources;

/// <summary>Reads and writes <see cref="SourceState"/>.</summary>
public interface ISourceStateStore
{
    /// <summary>The stored state, or a fresh one when the source never ran.</summary>
    Task<SourceState> GetAsync(string sourceName, CancellationToken cancellationToken);

    Task SaveAsync(SourceState state, CancellationToken cancellationToken);

    Task<IReadOnlyList<SourceState>> ListAsync(CancellationToken cancellationToken);
}
