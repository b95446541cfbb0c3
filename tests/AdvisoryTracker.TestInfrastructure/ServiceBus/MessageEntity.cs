using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace AdvisoryTracker.TestInfrastructure.ServiceBus;

/// <summary>A receiver link attached to an entity: the broker sends messages on it while the client grants credit.</summary>
internal sealed class EntityConsumer(SendingAmqpLink link, MessageEntity entity, bool receiveAndDelete)
{
    public SendingAmqpLink Link { get; } = link;

    public MessageEntity Entity { get; } = entity;

    public bool ReceiveAndDelete { get; } = receiveAndDelete;
}

/// <summary>The result of settling a message by lock token.</summary>
internal enum SettleResult
{
    Settled,
    LockLost,
}

/// <summary>
/// One FIFO message store: a queue or its dead-letter sub-queue. Peek-lock bookkeeping lives here.
/// All state is guarded by one lock; AMQP sends happen under it too, so deliveries never race credit.
/// </summary>
internal sealed class MessageEntity(string path, ServiceBusTestQueue queue, bool isDeadLetterQueue)
{
    private readonly Lock sync = new();
    private readonly SortedDictionary<long, StoredMessage> available = [];
    private readonly Dictionary<Guid, (StoredMessage Message, EntityConsumer Consumer, DateTimeOffset LockedUntil)> locks = [];
    private readonly List<EntityConsumer> consumers = [];
    private long nextPosition;
    private int nextConsumer;

    public string Path { get; } = path;

    public bool IsDeadLetterQueue { get; } = isDeadLetterQueue;

    public int ActiveCount
    {
        get { lock (sync) { return available.Count + locks.Count; } }
    }

    public int LockedCount
    {
        get { lock (sync) { return locks.Count; } }
    }

    public IReadOnlyList<StoredMessage> Snapshot()
    {
        lock (sync)
        {
            return [.. available.Values.Concat(locks.Values.Select(held => held.Message)).OrderBy(message => message.Position)];
        }
    }

    public void Enqueue(StoredMessage message)
    {
        lock (sync)
        {
            message.Position = nextPosition++;
            available.Add(message.Position, message);
            PumpLocked();
        }
    }

    public void AddConsumer(EntityConsumer consumer)
    {
        lock (sync)
        {
            consumers.Add(consumer);
        }
    }

    /// <summary>The link closed: messages it held but never settled become available again, as if their lock expired.</summary>
    public void RemoveConsumer(EntityConsumer consumer)
    {
        lock (sync)
        {
            consumers.Remove(consumer);
            foreach (var (token, held) in locks.Where(pair => pair.Value.Consumer == consumer).ToList())
            {
                locks.Remove(token);
                ReturnFailedDeliveryLocked(held.Message);
            }

            PumpLocked();
        }
    }

    /// <summary>Sends available messages to consumers that have link credit, and expires old locks.</summary>
    public void Pump()
    {
        lock (sync)
        {
            PumpLocked();
        }
    }

    public SettleResult Complete(Guid lockToken)
    {
        lock (sync)
        {
            ExpireLocksLocked();
            return locks.Remove(lockToken) ? SettleResult.Settled : SettleResult.LockLost;
        }
    }

    public SettleResult Abandon(Guid lockToken, IEnumerable<KeyValuePair<string, object>> propertiesToModify, bool countsAsDeliveryAttempt)
    {
        lock (sync)
        {
            ExpireLocksLocked();
            if (!locks.Remove(lockToken, out var held))
            {
                return SettleResult.LockLost;
            }

            Modify(held.Message, propertiesToModify);
            if (countsAsDeliveryAttempt)
            {
                ReturnFailedDeliveryLocked(held.Message);
            }
            else
            {
                available.Add(held.Message.Position, held.Message);
            }

            PumpLocked();
            return SettleResult.Settled;
        }
    }

    public SettleResult DeadLetter(Guid lockToken, string? reason, string? description, IEnumerable<KeyValuePair<string, object>> propertiesToModify)
    {
        lock (sync)
        {
            ExpireLocksLocked();
            if (!locks.Remove(lockToken, out var held))
            {
                return SettleResult.LockLost;
            }

            Modify(held.Message, propertiesToModify);
            MoveToDeadLetterLocked(held.Message, reason, description);
            return SettleResult.Settled;
        }
    }

    public DateTimeOffset? RenewLock(Guid lockToken)
    {
        lock (sync)
        {
            ExpireLocksLocked();
            if (!locks.TryGetValue(lockToken, out var held))
            {
                return null;
            }

            var lockedUntil = queue.Now + queue.Options.LockDuration;
            locks[lockToken] = held with { LockedUntil = lockedUntil };
            return lockedUntil;
        }
    }

    public IReadOnlyList<StoredMessage> Peek(long fromSequenceNumber, int count)
    {
        lock (sync)
        {
            return [.. available.Values.Concat(locks.Values.Select(held => held.Message))
                .Where(message => message.SequenceNumber >= fromSequenceNumber)
                .OrderBy(message => message.SequenceNumber)
                .Take(count)];
        }
    }

    private static void Modify(StoredMessage message, IEnumerable<KeyValuePair<string, object>> propertiesToModify)
    {
        foreach (var (name, value) in propertiesToModify)
        {
            message.SetApplicationProperty(name, value);
        }
    }

    private void PumpLocked()
    {
        ExpireLocksLocked();
        if (available.Count == 0 || consumers.Count == 0)
        {
            return;
        }

        for (var visited = 0; visited < consumers.Count && available.Count > 0; visited++)
        {
            var consumer = consumers[nextConsumer++ % consumers.Count];
            if (consumer.Link.State != AmqpObjectState.Opened)
            {
                continue;
            }

            var credit = consumer.Link.LinkCredit;
            for (var sent = 0u; sent < credit && available.Count > 0; sent++)
            {
                var message = available.First().Value;
                available.Remove(message.Position);
                SendLocked(consumer, message);
            }
        }
    }

    private void SendLocked(EntityConsumer consumer, StoredMessage message)
    {
        var lockToken = Guid.NewGuid();
        AmqpMessage delivery;
        if (consumer.ReceiveAndDelete)
        {
            delivery = message.ToDelivery(lockToken: null, lockedUntil: null);
        }
        else
        {
            var lockedUntil = queue.Now + queue.Options.LockDuration;
            locks.Add(lockToken, (message, consumer, lockedUntil));
            delivery = message.ToDelivery(lockToken, lockedUntil);
        }

        consumer.Link.SendMessageNoWait(delivery, new ArraySegment<byte>(lockToken.ToByteArray()), AmqpConstants.NullBinary);
    }

    private void ExpireLocksLocked()
    {
        if (locks.Count == 0)
        {
            return;
        }

        var now = queue.Now;
        foreach (var (token, held) in locks.Where(pair => pair.Value.LockedUntil <= now).ToList())
        {
            locks.Remove(token);
            ReturnFailedDeliveryLocked(held.Message);
        }
    }

    /// <summary>A delivery attempt failed (abandon, lock expiry, link closed): count it and dead-letter past the limit.</summary>
    private void ReturnFailedDeliveryLocked(StoredMessage message)
    {
        message.PriorDeliveryAttempts++;
        if (!IsDeadLetterQueue && message.PriorDeliveryAttempts >= queue.Options.MaxDeliveryCount)
        {
            MoveToDeadLetterLocked(message, AmqpNames.MaxDeliveryCountExceeded, AmqpNames.LockExpiredDescription);
            return;
        }

        available.Add(message.Position, message);
    }

    private void MoveToDeadLetterLocked(StoredMessage message, string? reason, string? description)
    {
        if (IsDeadLetterQueue)
        {
            // Service Bus refuses to dead-letter from a dead-letter queue; the message stays where it is.
            available.Add(message.Position, message);
            return;
        }

        queue.DeadLetterEntity.Enqueue(message.CopyForDeadLetter(reason, description, queue.Name));
    }
}
