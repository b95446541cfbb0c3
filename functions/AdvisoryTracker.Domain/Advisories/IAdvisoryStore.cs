namespace AdvisoryTracker.Domain.Advisories;

/// <summary>The advisories known to this organisation (current revision each).</summary>
public interface IAdvisoryStore
{
    Task<StoredAdvisory?> GetAsync(string advisoryId, CancellationToken cancellationToken);

    /// <summary>Upserts the current revision and records it in the revision history.</summary>
    Task SaveAsync(Advisory advisory, string sourceName, CancellationToken cancellationToken);

    /// <summary>Why this store could not hold the advisory (e.g. over its entity size), checked before anything is written; null when it fits.</summary>
    string? StorageProblem(Advisory advisory) => null;

    IAsyncEnumerable<StoredAdvisory> ListAllAsync(CancellationToken cancellationToken);
}
