using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace AdvisoryTracker.TestInfrastructure.ServiceBus;

/// <summary>A message held by the test broker: a copy of what the client sent plus the broker's bookkeeping.</summary>
internal sealed class StoredMessage
{
    private StoredMessage(
        Properties properties,
        List<KeyValuePair<MapKey, object>> applicationProperties,
        List<KeyValuePair<MapKey, object>> messageAnnotations,
        IReadOnlyList<byte[]>? dataBody,
        object? valueBody,
        uint? timeToLiveMilliseconds,
        byte? priority)
    {
        Properties = properties;
        ApplicationProperties = applicationProperties;
        MessageAnnotations = messageAnnotations;
        DataBody = dataBody;
        ValueBody = valueBody;
        TimeToLiveMilliseconds = timeToLiveMilliseconds;
        Priority = priority;
    }

    public Properties Properties { get; }

    public List<KeyValuePair<MapKey, object>> ApplicationProperties { get; }

    public List<KeyValuePair<MapKey, object>> MessageAnnotations { get; }

    public IReadOnlyList<byte[]>? DataBody { get; }

    public object? ValueBody { get; }

    public uint? TimeToLiveMilliseconds { get; }

    public byte? Priority { get; }

    /// <summary>Service Bus sequence number, assigned when the queue accepts the message.</summary>
    public long SequenceNumber { get; set; }

    /// <summary>Position in the entity's FIFO order (a dead-lettered message gets a new one in the dead-letter queue).</summary>
    public long Position { get; set; }

    public DateTimeOffset EnqueuedTime { get; set; }

    /// <summary>Prior delivery attempts (the AMQP header <c>delivery-count</c>; the client shows this value + 1).</summary>
    public int PriorDeliveryAttempts { get; set; }

    public string? DeadLetterSource { get; set; }

    public string? MessageId => Properties.MessageId?.ToString();

    public string? GetApplicationProperty(string name)
    {
        foreach (var (key, value) in ApplicationProperties)
        {
            if (Equals(key.Key, name))
            {
                return value?.ToString();
            }
        }

        return null;
    }

    public void SetApplicationProperty(string name, object value)
    {
        ApplicationProperties.RemoveAll(pair => Equals(pair.Key.Key, name));
        ApplicationProperties.Add(new KeyValuePair<MapKey, object>(new MapKey(name), value));
    }

    /// <summary>Copies the bare message (properties, application properties, annotations, body) out of a received AMQP message.</summary>
    public static StoredMessage CopyFrom(AmqpMessage message)
    {
        var sections = message.Sections;
        var properties = new Properties();
        if ((sections & SectionFlag.Properties) != 0)
        {
            CopyProperties(message.Properties, properties);
        }

        var applicationProperties = new List<KeyValuePair<MapKey, object>>();
        if ((sections & SectionFlag.ApplicationProperties) != 0)
        {
            foreach (var pair in message.ApplicationProperties.Map)
            {
                applicationProperties.Add(pair);
            }
        }

        var annotations = new List<KeyValuePair<MapKey, object>>();
        if ((sections & SectionFlag.MessageAnnotations) != 0)
        {
            foreach (var pair in message.MessageAnnotations.Map)
            {
                annotations.Add(pair);
            }
        }

        List<byte[]>? dataBody = null;
        object? valueBody = null;
        if ((message.BodyType & SectionFlag.Data) != 0)
        {
            dataBody = [.. message.DataBody.Select(data => ToArray(data.Value))];
        }
        else if ((message.BodyType & SectionFlag.AmqpValue) != 0)
        {
            valueBody = message.ValueBody.Value;
        }
        else if ((message.BodyType & SectionFlag.AmqpSequence) != 0)
        {
            throw new NotSupportedException("The test broker does not store messages with an amqp-sequence body.");
        }

        uint? ttl = null;
        byte? priority = null;
        if ((sections & SectionFlag.Header) != 0)
        {
            ttl = message.Header.Ttl;
            priority = message.Header.Priority;
        }

        return new StoredMessage(properties, applicationProperties, annotations, dataBody, valueBody, ttl, priority);
    }

    /// <summary>A copy for the dead-letter queue, with the reason recorded the way Service Bus records it.</summary>
    public StoredMessage CopyForDeadLetter(string? reason, string? description, string source)
    {
        var properties = new Properties();
        CopyProperties(Properties, properties);
        var copy = new StoredMessage(properties, [.. ApplicationProperties], [.. MessageAnnotations], DataBody, ValueBody, TimeToLiveMilliseconds, Priority)
        {
            SequenceNumber = SequenceNumber,
            EnqueuedTime = EnqueuedTime,
            PriorDeliveryAttempts = PriorDeliveryAttempts,
            DeadLetterSource = source,
        };
        if (reason is not null)
        {
            copy.SetApplicationProperty(AmqpNames.DeadLetterReason, reason);
        }

        if (description is not null)
        {
            copy.SetApplicationProperty(AmqpNames.DeadLetterErrorDescription, description);
        }

        return copy;
    }

    /// <summary>Builds a fresh AMQP message for one delivery to a receiver.</summary>
    public AmqpMessage ToDelivery(Guid? lockToken, DateTimeOffset? lockedUntil)
    {
        var message = DataBody is not null
            ? AmqpMessage.Create(DataBody.Select(bytes => new Data { Value = new ArraySegment<byte>(bytes) }))
            : ValueBody is not null
                ? AmqpMessage.Create(new AmqpValue { Value = ValueBody })
                : AmqpMessage.Create();

        message.Header.DeliveryCount = (uint)PriorDeliveryAttempts;
        message.Header.Ttl = TimeToLiveMilliseconds;
        message.Header.Priority = Priority;
        CopyProperties(Properties, message.Properties);
        foreach (var (key, value) in ApplicationProperties)
        {
            message.ApplicationProperties.Map.Add(key, value);
        }

        foreach (var (key, value) in MessageAnnotations)
        {
            message.MessageAnnotations.Map.Add(key, value);
        }

        var annotations = message.MessageAnnotations.Map;
        annotations[AmqpNames.SequenceNumber] = SequenceNumber;
        annotations[AmqpNames.EnqueuedTime] = EnqueuedTime.UtcDateTime;
        if (lockedUntil is { } until)
        {
            annotations[AmqpNames.LockedUntil] = until.UtcDateTime;
        }

        if (lockToken is { } token)
        {
            annotations[AmqpNames.LockToken] = token;
        }

        if (DeadLetterSource is not null)
        {
            annotations[AmqpNames.DeadLetterSource] = DeadLetterSource;
        }

        return message;
    }

    private static byte[] ToArray(object value) => value switch
    {
        ArraySegment<byte> segment => segment.ToArray(),
        byte[] bytes => (byte[])bytes.Clone(),
        _ => throw new NotSupportedException($"Unexpected data section value {value.GetType().Name}."),
    };

    private static void CopyProperties(Properties from, Properties to)
    {
        to.MessageId = from.MessageId;
        to.UserId = from.UserId;
        to.To = from.To;
        to.Subject = from.Subject;
        to.ReplyTo = from.ReplyTo;
        to.CorrelationId = from.CorrelationId;
        to.ContentType = from.ContentType;
        to.ContentEncoding = from.ContentEncoding;
        to.AbsoluteExpiryTime = from.AbsoluteExpiryTime;
        to.CreationTime = from.CreationTime;
        to.GroupId = from.GroupId;
        to.GroupSequence = from.GroupSequence;
        to.ReplyToGroupId = from.ReplyToGroupId;
    }
}
