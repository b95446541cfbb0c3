using AdvisoryTracker.Domain.Notifications;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Adapters.Queues;

/// <summary>
/// The notifications queue on Azure Service Bus: batched sends with the deterministic MessageId (the queue's duplicate
/// detection drops re-sends inside its window), peek-lock receives, and settlement through the SDK.
/// </summary>
public sealed class ServiceBusNotificationQueue : INotificationQueue, IAsyncDisposable
{
    private readonly ServiceBusSender _sender;
    private readonly ServiceBusReceiver _receiver;

    public ServiceBusNotificationQueue(ServiceBusClient client, IOptions<NotificationQueueOptions> options)
    {
        _sender = client.CreateSender(options.Value.QueueName);
        _receiver = client.CreateReceiver(options.Value.QueueName, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.PeekLock });
    }

    public async Task SendAsync(IReadOnlyList<NotificationMessage> messages, CancellationToken cancellationToken)
    {
        var pending = new Queue<ServiceBusMessage>(messages.Select(ToServiceBusMessage));
        while (pending.Count > 0)
        {
            using var batch = await _sender.CreateMessageBatchAsync(cancellationToken);
            while (pending.Count > 0 && batch.TryAddMessage(pending.Peek()))
            {
                pending.Dequeue();
            }

            if (batch.Count == 0)
            {
                // Cannot happen for notification messages (device lists over 64,000 characters are sent by reference).
                throw new InvalidOperationException($"message {pending.Peek().MessageId} is larger than a Service Bus batch allows");
            }

            await _sender.SendMessagesAsync(batch, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<IReceivedNotification>> ReceiveAsync(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var received = await _receiver.ReceiveMessagesAsync(maxMessages, maxWait, cancellationToken);
        return received.Select(m => (IReceivedNotification)new Delivery(_receiver, m)).ToList();
    }

    internal static ServiceBusMessage ToServiceBusMessage(NotificationMessage message) =>
        new(NotificationMessageCodec.Encode(message))
        {
            MessageId = message.MessageId,
            ContentType = "application/json",
            Subject = message.Kind.ToName(),
            ApplicationProperties =
            {
                ["advisoryId"] = message.AdvisoryId,
                ["revision"] = message.Revision,
                ["kind"] = message.Kind.ToName(),
                ["devices"] = message.DeviceIds.Count,
                ["devicesByReference"] = message.DevicesByReference,
                ["schema"] = $"notification/{message.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            },
        };

    public async ValueTask DisposeAsync()
    {
        await _sender.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private sealed class Delivery(ServiceBusReceiver receiver, ServiceBusReceivedMessage message) : IReceivedNotification
    {
        public NotificationMessage? Message { get; } = NotificationMessageCodec.TryDecode(message.Body);

        public string MessageId => message.MessageId;

        public int DeliveryCount => message.DeliveryCount;

        public Task CompleteAsync(CancellationToken cancellationToken) => receiver.CompleteMessageAsync(message, cancellationToken);

        public Task AbandonAsync(CancellationToken cancellationToken) => receiver.AbandonMessageAsync(message, cancellationToken: cancellationToken);

        public Task DeadLetterAsync(string reason, string description, CancellationToken cancellationToken) =>
            receiver.DeadLetterMessageAsync(message, reason, description, cancellationToken);
    }
}
