using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Domain.Notifications;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Adapters.Queues;

/// <summary>
/// The notifications queue on Azure Storage Queues. Peek-lock is the visibility timeout; complete deletes; abandon
/// makes the message visible again at once; dead-letter copies it (with the reason) to <c>{queue}-poison</c> and
/// deletes it; a message received more than MaxDeliveryCount times goes to the poison queue unprocessed.
/// </summary>
public sealed class StorageQueueNotificationQueue(TrackerStorage storage, IOptions<NotificationQueueOptions> options) : INotificationQueue
{
    public const string PoisonSuffix = "-poison";
    private readonly NotificationQueueOptions _options = options.Value;

    public async Task SendAsync(IReadOnlyList<NotificationMessage> messages, CancellationToken cancellationToken)
    {
        var queue = await storage.QueueAsync(_options.QueueName, cancellationToken);
        // Storage Queues have no batch send: a few sends in flight at once.
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (message, ct) =>
            await queue.SendMessageAsync(NotificationMessageCodec.Encode(message), cancellationToken: ct));
    }

    public async Task<IReadOnlyList<IReceivedNotification>> ReceiveAsync(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var queue = await storage.QueueAsync(_options.QueueName, cancellationToken);
        var poison = await storage.QueueAsync(_options.QueueName + PoisonSuffix, cancellationToken);
        var deadline = DateTime.UtcNow + maxWait;
        var result = new List<IReceivedNotification>();
        while (result.Count == 0)
        {
            var received = await queue.ReceiveMessagesAsync(Math.Clamp(maxMessages, 1, 32), _options.VisibilityTimeout, cancellationToken);
            foreach (var message in received.Value)
            {
                var delivery = new Delivery(queue, poison, message);
                if (message.DequeueCount > _options.MaxDeliveryCount)
                {
                    await delivery.DeadLetterAsync("MaxDeliveryCountExceeded", $"received {message.DequeueCount} times", cancellationToken);
                    continue;
                }

                result.Add(delivery);
            }

            if (result.Count > 0 || DateTime.UtcNow >= deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        return result;
    }

    private sealed class Delivery(QueueClient queue, QueueClient poison, QueueMessage message) : IReceivedNotification
    {
        private string _popReceipt = message.PopReceipt;

        public NotificationMessage? Message { get; } = NotificationMessageCodec.TryDecode(message.Body);

        public string MessageId => Message?.MessageId ?? message.MessageId;

        public int DeliveryCount => (int)message.DequeueCount;

        public async Task CompleteAsync(CancellationToken cancellationToken) =>
            await queue.DeleteMessageAsync(message.MessageId, _popReceipt, cancellationToken);

        public async Task AbandonAsync(CancellationToken cancellationToken)
        {
            var updated = await queue.UpdateMessageAsync(message.MessageId, _popReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
            _popReceipt = updated.Value.PopReceipt;
        }

        public async Task DeadLetterAsync(string reason, string description, CancellationToken cancellationToken)
        {
            var envelope = BinaryData.FromObjectAsJson(new Dictionary<string, string>
            {
                ["deadLetterReason"] = reason,
                ["deadLetterDescription"] = description,
                ["messageId"] = MessageId,
                ["deliveryCount"] = DeliveryCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["body"] = message.Body.ToString(),
            }, Serialization.TrackerJsonContext.Default.DictionaryStringString);
            await poison.SendMessageAsync(envelope, cancellationToken: cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, _popReceipt, cancellationToken);
        }
    }
}
