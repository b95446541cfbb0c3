using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain.Notifications;

public sealed class NotificationDispatchOptions
{
    public const string SectionName = "NotificationDrain";

    /// <summary>Messages received per call.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How long one receive waits for messages.</summary>
    public TimeSpan ReceiveWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long one drain may run. Keep it well inside both the function timeout and the queue's lock duration
    /// (default 45 s: Service Bus locks last 60 s by default).
    /// </summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(45);
}

/// <summary>What a drain did.</summary>
public sealed record DrainSummary(int Received, int Sent, int AlreadySent, int Abandoned, int DeadLettered, int Digested = 0);

/// <summary>
/// The bounded drain of the notifications queue. Routing happened at the relay (<see cref="NotificationRouter"/>), so
/// each message carries its content and delivery is only <see cref="EmailDelivery"/>: claim, render, send, mark sent,
/// then complete. Transient failures abandon (redelivered later, up to the queue's max delivery count); permanent ones
/// dead-letter with the reason. A message whose email was already sent completes without a second email. A version-1
/// message (a header without content: published before its advisory was stored, or by an older relay) is routed here
/// by the same router. The drain stops receiving when its time budget is spent and abandons what it has not started,
/// so it always ends inside the function timeout and the lock duration.
/// </summary>
/// <remarks>
/// Nothing is re-read at delivery: the content is at most one relay-to-drain interval old (seconds), the same window
/// the match itself had before the relay. A triage dismissal or a removed recipient inside that window still gets this
/// one email, which is what the outbox promised when the match was stored; the next revision routes afresh.
/// </remarks>
public sealed partial class NotificationDispatcher(
    INotificationQueue queue,
    EmailDelivery delivery,
    NotificationRouter router,
    IOptions<NotificationDispatchOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger)
{
    private readonly NotificationDispatchOptions _options = options.Value;

    public async Task<DrainSummary> DrainAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        int received = 0, sent = 0, duplicate = 0, abandoned = 0, deadLettered = 0, digested = 0;
        while (!cancellationToken.IsCancellationRequested && time.GetElapsedTime(started) < _options.TimeBudget)
        {
            var batch = await queue.ReceiveAsync(_options.BatchSize, _options.ReceiveWait, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var locked in batch)
            {
                received++;
                if (time.GetElapsedTime(started) >= _options.TimeBudget || cancellationToken.IsCancellationRequested)
                {
                    // Out of time: hand it back now rather than let the lock expire.
                    await locked.AbandonAsync(CancellationToken.None);
                    abandoned++;
                    continue;
                }

                switch (await DeliverAsync(locked, cancellationToken))
                {
                    case DeliveryOutcome.Sent: sent++; break;
                    case DeliveryOutcome.AlreadySent: duplicate++; break;
                    case DeliveryOutcome.Abandoned: abandoned++; break;
                    case DeliveryOutcome.DeadLettered: deadLettered++; break;
                    case DeliveryOutcome.Digested: digested++; break;
                }
            }
        }

        return new DrainSummary(received, sent, duplicate, abandoned, deadLettered, digested);
    }

    private enum DeliveryOutcome
    {
        Sent,
        AlreadySent,
        Abandoned,
        DeadLettered,
        Digested,
    }

    private async Task<DeliveryOutcome> DeliverAsync(IReceivedNotification received, CancellationToken cancellationToken)
    {
        if (received.Message is not { } message)
        {
            await received.DeadLetterAsync("UndecodableMessage", "the message body is not a notification message", cancellationToken);
            LogDeadLettered(received.MessageId, "UndecodableMessage");
            return DeliveryOutcome.DeadLettered;
        }

        if (message.Content is null)
        {
            var route = (await router.RouteAsync([message], cancellationToken))[0];
            switch (route.Route)
            {
                case NotificationRoute.NotReady:
                    // The advisory is stored right after its matches: retry later. The queue's max delivery count
                    // dead-letters a message that never becomes deliverable.
                    await received.AbandonAsync(cancellationToken);
                    LogNotReady(message.MessageId, "advisory not stored yet");
                    return DeliveryOutcome.Abandoned;
                case NotificationRoute.Digest:
                    await received.CompleteAsync(cancellationToken);
                    return DeliveryOutcome.Digested;
                case NotificationRoute.Suppressed:
                    await received.CompleteAsync(cancellationToken);
                    return DeliveryOutcome.AlreadySent;
            }

            message = route.Message;
        }

        var result = await delivery.DeliverAsync(message.MessageId, message.Recipient, composer => composer.Compose(message), cancellationToken);
        switch (result.Outcome)
        {
            case EmailDeliveryOutcome.Sent:
                await received.CompleteAsync(cancellationToken);
                LogSent(message.MessageId, message.AdvisoryId, message.Content!.DeviceCount);
                return DeliveryOutcome.Sent;
            case EmailDeliveryOutcome.AlreadySent:
                await received.CompleteAsync(cancellationToken);
                LogAlreadySent(message.MessageId);
                return DeliveryOutcome.AlreadySent;
            case EmailDeliveryOutcome.TemplateBroken:
                // A broken custom template: fixing the file fixes delivery, so the message waits (and dead-letters after
                // the max delivery count, from where it can be replayed).
                await received.AbandonAsync(cancellationToken);
                LogTemplateBroken(result.Failure!, message.MessageId);
                return DeliveryOutcome.Abandoned;
            case EmailDeliveryOutcome.TransientFailure:
                await received.AbandonAsync(cancellationToken);
                LogTransientFailure(result.Failure!, message.MessageId);
                return DeliveryOutcome.Abandoned;
            default:
                await received.DeadLetterAsync("PermanentDeliveryFailure", result.Failure?.Message ?? "", cancellationToken);
                LogDeadLettered(message.MessageId, result.Failure?.Message ?? "");
                return DeliveryOutcome.DeadLettered;
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Notification {MessageId} for {AdvisoryId} sent ({Devices} devices)")]
    private partial void LogSent(string messageId, string advisoryId, int devices);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Notification {MessageId} was already sent; completed without a second email")]
    private partial void LogAlreadySent(string messageId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Notification {MessageId} failed transiently; abandoned for redelivery")]
    private partial void LogTransientFailure(Exception exception, string messageId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Notification {MessageId} dead-lettered: {Reason}")]
    private partial void LogDeadLettered(string messageId, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Notification {MessageId} not deliverable yet ({Reason}); abandoned")]
    private partial void LogNotReady(string messageId, string reason);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "Notification {MessageId}: the email template is broken; abandoned until it is fixed")]
    private partial void LogTemplateBroken(Exception exception, string messageId);
}
