using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>
/// Moves pending outbox rows on: one notification per (recipient, advisory, revision, kind) listing the recipient's
/// devices, routed once by <see cref="NotificationRouter"/> — immediate ones go to the notifications queue carrying
/// their content, digest ones to the digest store, suppressed ones are recorded in the email ledger — then the rows are
/// removed from the outbox. A tick reads the pending rows
/// only (the outbox keeps an index of them), never the match table. A failed send leaves the rows pending for the next
/// tick; a crash between sending and removing re-sends messages with the same deterministic id, which the queue's
/// duplicate detection and the email ledger absorb.
/// </summary>
public sealed partial class NotificationRelay(INotificationOutbox outbox, NotificationRouter router, INotificationQueue queue, ILogger<NotificationRelay> logger)
{
    public const int BatchSize = 500;

    /// <summary>Relays until the outbox is empty or the token is cancelled; returns the number of notifications routed.</summary>
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
            var routed = await router.RouteAsync(messages, cancellationToken);
            // Not-ready ones go out as version-1 headers: delivery routes them once the advisory is stored (or
            // dead-letters them after the queue's max delivery count).
            var queued = routed.Where(r => r.Route is NotificationRoute.Immediate or NotificationRoute.NotReady).Select(r => r.Message).ToList();
            if (queued.Count > 0)
            {
                await queue.SendAsync(queued, cancellationToken);
            }

            await outbox.MarkDispatchedAsync(pending, cancellationToken);
            sent += messages.Count;
            LogRelayed(pending.Count, queued.Count, routed.Count(r => r.Route == NotificationRoute.Digest), routed.Count(r => r.Route == NotificationRoute.Suppressed));
            if (pending.Count < BatchSize)
            {
                break;
            }
        }

        return sent;
    }

    /// <summary>
    /// The safety sweep (timer <c>OutboxSweepSchedule</c>, hourly by default): the one outbox read that grows with the
    /// match table, so it runs rarely and logs what it read and how long it took.
    /// </summary>
    public async Task<OutboxSweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var result = await outbox.SweepAsync(cancellationToken);
        LogSwept(result.EntitiesRead, result.RowsIndexed, result.DispatchedRowsDeleted, (long)result.Elapsed.TotalMilliseconds);
        return result;
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Outbox sweep read {Entities} entities in {ElapsedMs} ms, re-indexed {Indexed} rows, deleted {Dispatched} dispatched rows")]
    private partial void LogSwept(long entities, int indexed, int dispatched, long elapsedMs);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Relayed {Rows} outbox rows: {Queued} queued, {Digested} held for digests, {Suppressed} suppressed")]
    private partial void LogRelayed(int rows, int queued, int digested, int suppressed);
}
