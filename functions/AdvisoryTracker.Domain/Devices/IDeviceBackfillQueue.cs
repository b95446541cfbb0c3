namespace AdvisoryTracker.Domain.Devices;

/// <summary>
/// Devices waiting to be matched against the advisories already stored. Registration only enqueues, so the request
/// never waits for matching; a timer drains the queue.
/// </summary>
public interface IDeviceBackfillQueue
{
    Task EnqueueAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>Device ids waiting, oldest first, each with a token to acknowledge it when done.</summary>
    Task<IReadOnlyList<(string DeviceId, string Token)>> PeekAsync(int max, CancellationToken cancellationToken);

    Task AcknowledgeAsync(string token, CancellationToken cancellationToken);
}
