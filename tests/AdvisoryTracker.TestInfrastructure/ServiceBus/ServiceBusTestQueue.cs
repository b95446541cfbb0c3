namespace AdvisoryTracker.TestInfrastructure.ServiceBus;

/// <summary>What a test can see of a message held by the broker.</summary>
/// <param name="MessageId">The client's <c>MessageId</c>.</param>
/// <param name="SequenceNumber">The sequence number the queue assigned.</param>
/// <param name="DeliveryCount">Delivery attempts so far, as the client would report it on the next receive minus one.</param>
/// <param name="DeadLetterReason">The <c>DeadLetterReason</c> application property, if any.</param>
/// <param name="Body">The body bytes (data sections concatenated).</param>
public sealed record ServiceBusTestMessage(string? MessageId, long SequenceNumber, int DeliveryCount, string? DeadLetterReason, byte[] Body);

/// <summary>A queue of the <see cref="ServiceBusTestBroker"/>, with inspection helpers for tests. TEST infrastructure only.</summary>
public sealed class ServiceBusTestQueue
{
    private readonly Lock sync = new();
    private readonly Dictionary<string, DateTimeOffset> recentMessageIds = new(StringComparer.Ordinal);
    private readonly TimeProvider timeProvider;
    private long nextSequenceNumber = 1;
    private int duplicatesDropped;

    internal ServiceBusTestQueue(string name, ServiceBusTestQueueOptions options, TimeProvider timeProvider)
    {
        Name = name;
        Options = options;
        this.timeProvider = timeProvider;
        Entity = new MessageEntity(name, this, isDeadLetterQueue: false);
        DeadLetterEntity = new MessageEntity(name + AmqpNames.DeadLetterQueueSuffix, this, isDeadLetterQueue: true);
    }

    /// <summary>The queue name (entity path).</summary>
    public string Name { get; }

    /// <summary>The queue's settings.</summary>
    public ServiceBusTestQueueOptions Options { get; }

    /// <summary>Messages in the queue, locked or not (Service Bus "active message count").</summary>
    public int ActiveCount => Entity.ActiveCount;

    /// <summary>Messages currently locked by a peek-lock receiver.</summary>
    public int LockedCount => Entity.LockedCount;

    /// <summary>Messages in the dead-letter sub-queue.</summary>
    public int DeadLetterCount => DeadLetterEntity.ActiveCount;

    /// <summary>Messages accepted from a sender and dropped by duplicate detection.</summary>
    public int DuplicatesDropped => Volatile.Read(ref duplicatesDropped);

    internal MessageEntity Entity { get; }

    internal MessageEntity DeadLetterEntity { get; }

    internal DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>The messages in the queue, in order.</summary>
    public IReadOnlyList<ServiceBusTestMessage> GetActiveMessages() => Describe(Entity.Snapshot());

    /// <summary>The messages in the dead-letter sub-queue, in order.</summary>
    public IReadOnlyList<ServiceBusTestMessage> GetDeadLetteredMessages() => Describe(DeadLetterEntity.Snapshot());

    /// <summary>Accepts a message from a sender: duplicate detection, sequence number, enqueue time.</summary>
    internal void Accept(StoredMessage message)
    {
        lock (sync)
        {
            var now = Now;
            if (Options.DuplicateDetectionWindow is { } window && message.MessageId is { } messageId)
            {
                foreach (var expired in recentMessageIds.Where(pair => now - pair.Value > window).Select(pair => pair.Key).ToList())
                {
                    recentMessageIds.Remove(expired);
                }

                if (!recentMessageIds.TryAdd(messageId, now))
                {
                    duplicatesDropped++;
                    return;
                }
            }

            message.SequenceNumber = nextSequenceNumber++;
            message.EnqueuedTime = now;
            Entity.Enqueue(message);
        }
    }

    private static List<ServiceBusTestMessage> Describe(IReadOnlyList<StoredMessage> messages) =>
    [
        .. messages.Select(message => new ServiceBusTestMessage(
            message.MessageId,
            message.SequenceNumber,
            message.PriorDeliveryAttempts,
            message.GetApplicationProperty(AmqpNames.DeadLetterReason),
            message.DataBody is { } data ? [.. data.SelectMany(section => section)] : [])),
    ];
}
