using System.Globalization;
using System.Text.Json;
using AdvisoryTracker.Adapters.Serialization;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Domain.Notifications;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Adapters.Queues;

/// <summary>
/// The Storage Queue adapter's dead letters: envelopes in <c>{queue}-poison</c> (reason, description, delivery count,
/// original body). List = peek (Storage peeks at most 32); replay = send the original body back to the queue and delete
/// the envelope.
/// </summary>
public sealed class StorageQueueNotificationDeadLetters(TrackerStorage storage, IOptions<NotificationQueueOptions> options) : INotificationDeadLetters
{
    private const int MaxPeek = 32;
    private readonly NotificationQueueOptions _options = options.Value;

    public async Task<IReadOnlyList<DeadLetteredNotification>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var poison = await storage.QueueAsync(_options.QueueName + StorageQueueNotificationQueue.PoisonSuffix, cancellationToken);
        var peeked = await poison.PeekMessagesAsync(Math.Clamp(max, 1, MaxPeek), cancellationToken);
        return peeked.Value.Select(m => Describe(m.MessageId, m.Body, m.InsertedOn)).ToList();
    }

    public async Task<int> ReplayAsync(string? id, CancellationToken cancellationToken)
    {
        var queue = await storage.QueueAsync(_options.QueueName, cancellationToken);
        var poison = await storage.QueueAsync(_options.QueueName + StorageQueueNotificationQueue.PoisonSuffix, cancellationToken);
        var skipped = new List<QueueMessage>();
        var replayed = 0;
        try
        {
            while (true)
            {
                var received = await poison.ReceiveMessagesAsync(MaxPeek, TimeSpan.FromSeconds(60), cancellationToken);
                if (received.Value.Length == 0)
                {
                    break;
                }

                foreach (var message in received.Value)
                {
                    var described = Describe(message.MessageId, message.Body, message.InsertedOn);
                    if (id is not null && id != described.Id && id != described.MessageId)
                    {
                        skipped.Add(message);
                        continue;
                    }

                    var envelope = ReadEnvelope(message.Body);
                    await queue.SendMessageAsync(BinaryData.FromString(envelope.GetValueOrDefault("body") ?? ""), cancellationToken: cancellationToken);
                    await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
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
                await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
            }
        }

        return replayed;
    }

    private static DeadLetteredNotification Describe(string queueMessageId, BinaryData body, DateTimeOffset? insertedOn)
    {
        var envelope = ReadEnvelope(body);
        var decoded = envelope.TryGetValue("body", out var original) ? NotificationMessageCodec.TryDecode(BinaryData.FromString(original)) : null;
        return new DeadLetteredNotification(
            queueMessageId,
            envelope.GetValueOrDefault("messageId") ?? decoded?.MessageId ?? queueMessageId,
            envelope.GetValueOrDefault("deadLetterReason") ?? "",
            envelope.GetValueOrDefault("deadLetterDescription") ?? "",
            int.TryParse(envelope.GetValueOrDefault("deliveryCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0,
            insertedOn,
            decoded?.AdvisoryId,
            decoded?.Recipient);
    }

    private static Dictionary<string, string> ReadEnvelope(BinaryData body)
    {
        try
        {
            return JsonSerializer.Deserialize(body.ToMemory().Span, TrackerJsonContext.Default.DictionaryStringString) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, string> { ["deadLetterReason"] = "UnreadableEnvelope", ["body"] = body.ToString() };
        }
    }
}
