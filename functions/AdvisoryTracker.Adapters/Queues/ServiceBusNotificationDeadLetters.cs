using System.Globalization;
using AdvisoryTracker.Domain.Notifications;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Adapters.Queues;

/// <summary>
/// The notifications queue's dead-letter sub-queue on Service Bus. List = peek (nothing changes); replay = receive from
/// the dead-letter queue, send a copy to the queue under a new MessageId (so duplicate detection does not drop it; the
/// email ledger still keys on the notification id in the body), then complete the dead-lettered one.
/// </summary>
public sealed class ServiceBusNotificationDeadLetters(ServiceBusClient client, IOptions<NotificationQueueOptions> options) : INotificationDeadLetters
{
    private readonly string _queue = options.Value.QueueName;

    public async Task<IReadOnlyList<DeadLetteredNotification>> ListAsync(int max, CancellationToken cancellationToken)
    {
        await using var receiver = client.CreateReceiver(_queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var result = new List<DeadLetteredNotification>();
        while (result.Count < max)
        {
            var peeked = await receiver.PeekMessagesAsync(Math.Min(max - result.Count, 100), cancellationToken: cancellationToken);
            if (peeked.Count == 0)
            {
                break;
            }

            result.AddRange(peeked.Select(Describe));
        }

        return result;
    }

    public async Task<int> ReplayAsync(string? id, CancellationToken cancellationToken)
    {
        await using var receiver = client.CreateReceiver(_queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await using var sender = client.CreateSender(_queue);
        var skipped = new List<ServiceBusReceivedMessage>();
        var replayed = 0;
        try
        {
            while (true)
            {
                var received = await receiver.ReceiveMessagesAsync(50, TimeSpan.FromSeconds(1), cancellationToken);
                if (received.Count == 0)
                {
                    break;
                }

                foreach (var message in received)
                {
                    if (id is not null && !Matches(message, id))
                    {
                        skipped.Add(message); // held locked until the end, so the loop does not see it again
                        continue;
                    }

                    await sender.SendMessageAsync(ReplayCopy(message), cancellationToken);
                    await receiver.CompleteMessageAsync(message, cancellationToken);
                    replayed++;
                }

                if (id is not null && replayed > 0)
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var message in skipped)
            {
                await receiver.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
            }
        }

        return replayed;
    }

    private static bool Matches(ServiceBusReceivedMessage message, string id) =>
        id == message.SequenceNumber.ToString(CultureInfo.InvariantCulture) || id == message.MessageId
        || id == NotificationMessageCodec.TryDecode(message.Body)?.MessageId;

    private static ServiceBusMessage ReplayCopy(ServiceBusReceivedMessage message)
    {
        var copy = new ServiceBusMessage(message);
        copy.ApplicationProperties.Remove("DeadLetterReason");
        copy.ApplicationProperties.Remove("DeadLetterErrorDescription");
        var baseId = NotificationMessageCodec.TryDecode(message.Body)?.MessageId ?? message.MessageId ?? "unknown";
        copy.MessageId = $"{baseId[..Math.Min(baseId.Length, 80)]}-r{Guid.NewGuid():N}";
        copy.ApplicationProperties["replayOf"] = message.MessageId;
        return copy;
    }

    private static DeadLetteredNotification Describe(ServiceBusReceivedMessage message)
    {
        var decoded = NotificationMessageCodec.TryDecode(message.Body);
        return new DeadLetteredNotification(
            message.SequenceNumber.ToString(CultureInfo.InvariantCulture),
            decoded?.MessageId ?? message.MessageId,
            message.DeadLetterReason ?? "",
            message.DeadLetterErrorDescription ?? "",
            message.DeliveryCount,
            message.EnqueuedTime == default ? null : message.EnqueuedTime,
            decoded?.AdvisoryId ?? (message.ApplicationProperties.TryGetValue("advisoryId", out var advisory) ? advisory as string : null),
            decoded?.Recipient);
    }
}
