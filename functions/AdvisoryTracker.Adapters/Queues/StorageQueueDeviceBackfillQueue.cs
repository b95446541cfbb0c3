using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Domain.Devices;

namespace AdvisoryTracker.Adapters.Queues;

/// <summary>Backfill requests on an Azure Storage queue: a message per device id, deleted once matched.</summary>
public sealed class StorageQueueDeviceBackfillQueue(TrackerStorage storage) : IDeviceBackfillQueue
{
    private static readonly TimeSpan Invisibility = TimeSpan.FromMinutes(5);

    public async Task EnqueueAsync(string deviceId, CancellationToken cancellationToken)
    {
        var queue = await storage.QueueAsync(TrackerStorage.BackfillQueue, cancellationToken);
        await queue.SendMessageAsync(deviceId, cancellationToken);
    }

    public async Task<IReadOnlyList<(string DeviceId, string Token)>> PeekAsync(int max, CancellationToken cancellationToken)
    {
        var queue = await storage.QueueAsync(TrackerStorage.BackfillQueue, cancellationToken);
        var messages = await queue.ReceiveMessagesAsync(Math.Clamp(max, 1, 32), Invisibility, cancellationToken);
        return messages.Value.Select(m => (m.Body.ToString(), $"{m.MessageId}\n{m.PopReceipt}")).ToList();
    }

    public async Task AcknowledgeAsync(string token, CancellationToken cancellationToken)
    {
        var queue = await storage.QueueAsync(TrackerStorage.BackfillQueue, cancellationToken);
        var parts = token.Split('\n', 2);
        await queue.DeleteMessageAsync(parts[0], parts[1], cancellationToken);
    }
}
