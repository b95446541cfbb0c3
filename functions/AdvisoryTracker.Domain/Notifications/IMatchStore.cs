using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>
/// Matches, indexed per device and per advisory, written together with their outbox rows. It lives with the
/// notifications because a match is never saved without the outbox rows it plans (one transaction); the stored
/// record itself, <see cref="StoredMatch"/>, belongs to matching.
/// </summary>
public interface IMatchStore
{
    /// <summary>The advisory's matches, by device id.</summary>
    Task<IReadOnlyDictionary<string, StoredMatch>> GetForAdvisoryAsync(string advisoryId, CancellationToken cancellationToken);

    /// <summary>The device's matches, by advisory id.</summary>
    Task<IReadOnlyDictionary<string, StoredMatch>> GetForDeviceAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a device's match and the notifications it needs in one transaction (same partition), so a match is never
    /// stored without its outbox rows or the other way round.
    /// </summary>
    Task SaveAsync(StoredMatch match, IReadOnlyList<OutboxEntry> outbox, CancellationToken cancellationToken);
}
