namespace AdvisoryTracker.Domain.Remediation;

/// <summary>Remediation tracking over the stored matches.</summary>
public interface IRemediationStore
{
    /// <summary>The device's matches with remediation state and history.</summary>
    Task<IReadOnlyList<TrackedMatch>> ListForDeviceAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>The advisory's matches with remediation state (no history): one partition query.</summary>
    Task<IReadOnlyList<TrackedMatch>> ListForAdvisoryAsync(string advisoryId, CancellationToken cancellationToken);

    /// <summary>Every match with remediation state (no history), for summaries.</summary>
    IAsyncEnumerable<TrackedMatch> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records a status change: the match row (only if still at <paramref name="etag"/>) and a history row in one
    /// transaction, then the per-advisory index. False when the match changed since it was read.
    /// </summary>
    Task<bool> SaveRemediationAsync(string deviceId, string advisoryId, RemediationHistoryEntry entry, string etag, CancellationToken cancellationToken);

    /// <summary>Removes a device's matches, their history and their per-advisory index rows; returns how many matches.</summary>
    Task<int> DeleteForDeviceAsync(string deviceId, CancellationToken cancellationToken);
}
