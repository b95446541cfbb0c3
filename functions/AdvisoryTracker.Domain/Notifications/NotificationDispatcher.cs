using AdvisoryTracker.Domain.Storage;
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
public sealed record DrainSummary(int Received, int Sent, int AlreadySent, int Abandoned, int DeadLettered);

/// <summary>
/// The bounded drain of the notifications queue: for each message, claim it in the ledger, render and send the email,
/// mark it sent, complete it. Transient failures abandon (redelivered later, up to the queue's max delivery count);
/// permanent ones dead-letter with the reason. A message whose email was already sent completes without a second email.
/// </summary>
public sealed partial class NotificationDispatcher(
    INotificationQueue queue,
    INotificationLedger ledger,
    IEmailSender email,
    NotificationEmailComposer composer,
    IAdvisoryStore advisories,
    IDeviceRegistry devices,
    IOptions<NotificationDispatchOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger)
{
    private readonly NotificationDispatchOptions _options = options.Value;

    public async Task<DrainSummary> DrainAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        int received = 0, sent = 0, duplicate = 0, abandoned = 0, deadLettered = 0;
        while (!cancellationToken.IsCancellationRequested && time.GetElapsedTime(started) < _options.TimeBudget)
        {
            var batch = await queue.ReceiveAsync(_options.BatchSize, _options.ReceiveWait, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var delivery in batch)
            {
                received++;
                switch (await DeliverAsync(delivery, cancellationToken))
                {
                    case DeliveryOutcome.Sent: sent++; break;
                    case DeliveryOutcome.AlreadySent: duplicate++; break;
                    case DeliveryOutcome.Abandoned: abandoned++; break;
                    case DeliveryOutcome.DeadLettered: deadLettered++; break;
                }
            }
        }

        return new DrainSummary(received, sent, duplicate, abandoned, deadLettered);
    }

    private enum DeliveryOutcome
    {
        Sent,
        AlreadySent,
        Abandoned,
        DeadLettered,
    }

    private async Task<DeliveryOutcome> DeliverAsync(IReceivedNotification delivery, CancellationToken cancellationToken)
    {
        if (delivery.Message is not { } message)
        {
            await delivery.DeadLetterAsync("UndecodableMessage", "the message body is not a notification message", cancellationToken);
            LogDeadLettered(delivery.MessageId, "UndecodableMessage");
            return DeliveryOutcome.DeadLettered;
        }

        var claim = await ledger.TryClaimAsync(message.MessageId, message.Recipient, cancellationToken);
        if (claim is null)
        {
            await delivery.CompleteAsync(cancellationToken);
            LogAlreadySent(message.MessageId);
            return DeliveryOutcome.AlreadySent;
        }

        var advisory = await advisories.GetAsync(message.AdvisoryId, cancellationToken);
        var affected = new List<Devices.Device>();
        foreach (var deviceId in message.DeviceIds)
        {
            if (await devices.GetAsync(deviceId, cancellationToken) is { } stored && stored.Device.Contacts.Contains(message.Recipient, StringComparer.OrdinalIgnoreCase))
            {
                affected.Add(stored.Device);
            }
        }

        if (advisory is null)
        {
            // The advisory is stored right after its matches: retry later. The queue's max delivery count dead-letters a
            // message that never becomes deliverable.
            await delivery.AbandonAsync(cancellationToken);
            LogNotReady(message.MessageId, "advisory not stored yet");
            return DeliveryOutcome.Abandoned;
        }

        if (affected.Count == 0)
        {
            await ledger.MarkSentAsync(claim, cancellationToken);
            await delivery.CompleteAsync(cancellationToken);
            LogNothingToSend(message.MessageId);
            return DeliveryOutcome.AlreadySent;
        }

        var emailMessage = composer.Compose(message, advisory.Advisory, affected);
        try
        {
            await email.SendAsync(emailMessage, cancellationToken);
        }
        catch (EmailDeliveryException ex) when (ex.IsTransient)
        {
            await delivery.AbandonAsync(cancellationToken);
            LogTransientFailure(ex, message.MessageId);
            return DeliveryOutcome.Abandoned;
        }
        catch (EmailDeliveryException ex)
        {
            await delivery.DeadLetterAsync("PermanentDeliveryFailure", ex.Message, cancellationToken);
            LogDeadLettered(message.MessageId, ex.Message);
            return DeliveryOutcome.DeadLettered;
        }

        await ledger.MarkSentAsync(claim, cancellationToken);
        await delivery.CompleteAsync(cancellationToken);
        LogSent(message.MessageId, message.AdvisoryId, affected.Count);
        return DeliveryOutcome.Sent;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Notification {MessageId} for {AdvisoryId} sent ({Devices} devices)")]
    private partial void LogSent(string messageId, string advisoryId, int devices);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Notification {MessageId} was already sent; completed without a second email")]
    private partial void LogAlreadySent(string messageId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Notification {MessageId} failed transiently; abandoned for redelivery")]
    private partial void LogTransientFailure(Exception exception, string messageId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Notification {MessageId} dead-lettered: {Reason}")]
    private partial void LogDeadLettered(string messageId, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Notification {MessageId}: none of its devices is registered for the recipient any more; completed without email")]
    private partial void LogNothingToSend(string messageId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Notification {MessageId} not deliverable yet ({Reason}); abandoned")]
    private partial void LogNotReady(string messageId, string reason);
}
