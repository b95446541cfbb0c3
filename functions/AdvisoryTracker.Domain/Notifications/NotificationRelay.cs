using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>
/// Moves pending outbox rows to the notifications queue: one message per (recipient, advisory, revision, kind) listing
/// the recipient's devices, sent in batches, then the rows are marked dispatched. A crash between sending and marking
/// re-sends messages with the same deterministic id, which the queue's duplicate detection and the email ledger absorb.
/// </summary>
public sealed partial class NotificationRelay(INotificationOutbox outbox, INotificationQueue queue, ILogger<NotificationRelay> logger)
{
    public const int BatchSize = 500;

    /// <summary>Relays until the outbox is empty or the token is cancelled; returns the number of messages sent.</summary>
    public async Task<int> RelayAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var pending = await outbox.ListPendingAsync(BatchSize, cancellationToken);
            if (pending.Count == 0)
            {
                break;
            }

            var messages = pending
                .GroupBy(p => (Recipient: p.Entry.Recipient.ToLowerInvariant(), p.Entry.AdvisoryId, p.Entry.Revision, p.Entry.Kind))
                .Select(g => NotificationMessage.Create(g.First().Entry.Recipient, g.Key.AdvisoryId, g.Key.Revision, g.Key.Kind, g.Select(p => p.Entry.DeviceId)))
                .ToList();
            await queue.SendAsync(messages, cancellationToken);
            await outbox.MarkDispatchedAsync(pending, cancellationToken);
            sent += messages.Count;
            LogRelayed(pending.Count, messages.Count);
            if (pending.Count < BatchSize)
            {
                break;
            }
        }

        return sent;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Relayed {Rows} outbox rows as {Messages} notification messages")]
    private partial void LogRelayed(int rows, int messages);
}
