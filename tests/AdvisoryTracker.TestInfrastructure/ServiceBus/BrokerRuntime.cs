using System.Collections.Concurrent;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Transport;

namespace AdvisoryTracker.TestInfrastructure.ServiceBus;

/// <summary>
/// The listener side of Microsoft.Azure.Amqp for the test broker: creates connections, sessions and links, and routes
/// each link to a queue, its dead-letter queue, the <c>$cbs</c> node or an entity's <c>$management</c> node.
/// </summary>
internal sealed class BrokerRuntime(Func<string, ServiceBusTestQueue?> findQueue) : IRuntimeProvider
{
    private const uint RequestLinkCredit = 100;
    private const uint SenderLinkCredit = 500;

    /// <summary>Links on which the broker answers requests, by connection and the client's reply-to address.</summary>
    private readonly ConcurrentDictionary<(AmqpConnection Connection, string Address), SendingAmqpLink> replyLinks = new();

    public ulong MaxMessageSizeInBytes { get; init; } = 256 * 1024;

    public AmqpConnection CreateConnection(TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator, AmqpSettings amqpSettings, AmqpConnectionSettings connectionSettings) =>
        new(transport, protocolHeader, isInitiator, amqpSettings, connectionSettings);

    public AmqpSession CreateSession(AmqpConnection connection, AmqpSessionSettings settings) => new(connection, settings, this);

    public AmqpLink CreateLink(AmqpSession session, AmqpLinkSettings settings)
    {
        settings.MaxMessageSize = MaxMessageSizeInBytes;
        if (settings.Role == true)
        {
            // The client sends on this link: grant credit ourselves and keep it topped up.
            settings.TotalLinkCredit = IsRequestNode(NodeAddress(settings.Target)) ? RequestLinkCredit : SenderLinkCredit;
            settings.AutoSendFlow = true;
            return new ReceivingAmqpLink(session, settings);
        }

        return new SendingAmqpLink(session, settings);
    }

    public IAsyncResult BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state)
    {
        var completion = new TaskCompletionSource<object?>(state);
        try
        {
            OpenLink(link);
            completion.SetResult(null);
        }
        catch (AmqpException exception)
        {
            completion.SetException(exception);
        }

        callback?.Invoke(completion.Task);
        return completion.Task;
    }

    public void EndOpenLink(IAsyncResult result) => ((Task)result).GetAwaiter().GetResult();

    private static string NodeAddress(object? terminus)
    {
        var address = terminus switch
        {
            Source source => source.Address?.ToString(),
            Target target => target.Address?.ToString(),
            _ => null,
        } ?? string.Empty;

        // The client names entities by the absolute path of the endpoint URI ("/queue"); accept full URIs too.
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var pathStart = address.IndexOf('/', schemeEnd + 3);
            address = pathStart < 0 ? string.Empty : address[pathStart..];
        }

        return address.Trim('/');
    }

    private static bool IsRequestNode(string address) =>
        address.Equals(AmqpNames.CbsNode, StringComparison.OrdinalIgnoreCase)
        || address.EndsWith(AmqpNames.ManagementNodeSuffix, StringComparison.OrdinalIgnoreCase);

    private void OpenLink(AmqpLink link)
    {
        switch (link)
        {
            case ReceivingAmqpLink receiving:
                OpenReceivingLink(receiving, NodeAddress(link.Settings.Target));
                break;
            case SendingAmqpLink sending:
                OpenSendingLink(sending, NodeAddress(link.Settings.Source));
                break;
            default:
                throw new AmqpException(AmqpErrorCode.NotImplemented, $"Unsupported link type {link.GetType().Name}.");
        }
    }

    private void OpenReceivingLink(ReceivingAmqpLink link, string address)
    {
        if (address.Equals(AmqpNames.CbsNode, StringComparison.OrdinalIgnoreCase))
        {
            link.RegisterMessageListener(request => AnswerRequest(link, request, CbsResponder.Respond));
            return;
        }

        if (address.EndsWith(AmqpNames.ManagementNodeSuffix, StringComparison.OrdinalIgnoreCase))
        {
            var (queue, entity) = ResolveEntity(address[..^AmqpNames.ManagementNodeSuffix.Length]);
            var responder = new ManagementResponder(queue, entity);
            link.RegisterMessageListener(request => AnswerRequest(link, request, responder.Respond));
            return;
        }

        var (target, targetEntity) = ResolveEntity(address);
        if (targetEntity.IsDeadLetterQueue)
        {
            throw new AmqpException(AmqpErrorCode.NotAllowed, $"Cannot send to the dead-letter queue '{address}'.");
        }

        link.RegisterMessageListener(message => AcceptSentMessage(link, target, message));
    }

    private void OpenSendingLink(SendingAmqpLink link, string address)
    {
        if (IsRequestNode(address))
        {
            var key = (link.Session.Connection, NodeAddress(link.Settings.Target));
            replyLinks[key] = link;
            link.Closed += (_, _) => replyLinks.TryRemove(new KeyValuePair<(AmqpConnection, string), SendingAmqpLink>(key, link));
            return;
        }

        var (_, entity) = ResolveEntity(address);
        var receiveAndDelete = link.Settings.SndSettleMode == (byte)SenderSettleMode.Settled;
        var consumer = new EntityConsumer(link, entity, receiveAndDelete);
        link.RegisterCreditListener((_, _, _) => entity.Pump());
        link.RegisterDispositionListener(delivery => Settle(consumer, delivery));
        link.Closed += (_, _) => entity.RemoveConsumer(consumer);
        entity.AddConsumer(consumer);
    }

    private (ServiceBusTestQueue Queue, MessageEntity Entity) ResolveEntity(string address)
    {
        var isDeadLetter = address.EndsWith(AmqpNames.DeadLetterQueueSuffix, StringComparison.OrdinalIgnoreCase);
        var queueName = isDeadLetter ? address[..^AmqpNames.DeadLetterQueueSuffix.Length] : address;
        var queue = queueName.Length == 0 || queueName.Contains('/', StringComparison.Ordinal)
            ? null
            : findQueue(queueName);
        if (queue is null)
        {
            throw new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{address}' could not be found.");
        }

        return (queue, isDeadLetter ? queue.DeadLetterEntity : queue.Entity);
    }

    private static void AcceptSentMessage(ReceivingAmqpLink link, ServiceBusTestQueue queue, AmqpMessage message)
    {
        DeliveryState outcome;
        try
        {
            foreach (var stored in Unbatch(message))
            {
                queue.Accept(stored);
            }

            outcome = AmqpConstants.AcceptedOutcome;
        }
        catch (Exception exception) when (exception is NotSupportedException or AmqpException or InvalidOperationException)
        {
            outcome = new Rejected { Error = new Error { Condition = AmqpNames.ArgumentErrorCondition, Description = exception.Message } };
        }

        link.DisposeMessage(message, outcome, settled: true, batchable: false);
    }

    /// <summary>A batch (message format 0x80013700) carries each message encoded in its own data section.</summary>
    private static IEnumerable<StoredMessage> Unbatch(AmqpMessage message)
    {
        if (message.MessageFormat != AmqpConstants.AmqpBatchedMessageFormat)
        {
            return [StoredMessage.CopyFrom(message)];
        }

        var messages = new List<StoredMessage>();
        foreach (var section in message.DataBody)
        {
            var bytes = section.Value is ArraySegment<byte> segment ? segment.ToArray() : (byte[])section.Value;
            using var inner = AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([new ArraySegment<byte>(bytes)]), true);
            messages.Add(StoredMessage.CopyFrom(inner));
        }

        return messages;
    }

    private static void Settle(EntityConsumer consumer, Delivery delivery)
    {
        if (delivery.Settled && consumer.ReceiveAndDelete)
        {
            return;
        }

        var lockToken = new Guid(delivery.DeliveryTag.AsSpan());
        var entity = consumer.Entity;
        var (result, reply) = delivery.State switch
        {
            Accepted => (entity.Complete(lockToken), delivery.State),
            // The client reads a rejected outcome that carries an error as a failure, so success is answered without one.
            Rejected rejected => (entity.DeadLetter(
                lockToken,
                ErrorInfo(rejected.Error, AmqpNames.DeadLetterReason),
                ErrorInfo(rejected.Error, AmqpNames.DeadLetterErrorDescription),
                PropertiesToModify(rejected.Error?.Info, except: [AmqpNames.DeadLetterReason, AmqpNames.DeadLetterErrorDescription])), AmqpConstants.RejectedOutcome),
            Modified { UndeliverableHere: true } => (SettleResult.Settled, NotImplemented("Deferring messages is not supported by the test broker.")),
            Modified modified => (entity.Abandon(lockToken, PropertiesToModify(modified.MessageAnnotations, except: []), countsAsDeliveryAttempt: true), delivery.State),
            Released => (entity.Abandon(lockToken, [], countsAsDeliveryAttempt: false), delivery.State),
            _ => (SettleResult.Settled, NotImplemented($"Unsupported outcome {delivery.State}.")),
        };

        if (result == SettleResult.LockLost)
        {
            reply = new Rejected
            {
                Error = new Error
                {
                    Condition = AmqpNames.MessageLockLostCondition,
                    Description = "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.",
                },
            };
        }

        consumer.Link.DisposeDelivery(delivery, true, reply);
    }

    private static Rejected NotImplemented(string description) =>
        new() { Error = new Error { Condition = AmqpNames.NotImplementedCondition, Description = description } };

    private static string? ErrorInfo(Error? error, string name) =>
        error?.Info is { } info && info.TryGetValue(name, out object? value) ? value?.ToString() : null;

    private static List<KeyValuePair<string, object>> PropertiesToModify(Fields? fields, string[] except)
    {
        var properties = new List<KeyValuePair<string, object>>();
        if (fields is null)
        {
            return properties;
        }

        foreach (var (key, value) in fields)
        {
            var name = key.Key?.ToString();
            if (name is not null && !except.Contains(name, StringComparer.Ordinal))
            {
                properties.Add(new KeyValuePair<string, object>(name, value));
            }
        }

        return properties;
    }

    private void AnswerRequest(ReceivingAmqpLink link, AmqpMessage request, Func<AmqpMessage, AmqpMessage> respond)
    {
        AmqpMessage response;
        try
        {
            response = respond(request);
        }
        catch (Exception exception) when (exception is InvalidCastException or KeyNotFoundException or FormatException or ArgumentException or NotSupportedException)
        {
            response = ManagementResponder.Error(400, AmqpNames.ArgumentErrorCondition, exception.Message);
        }

        response.Properties.CorrelationId = request.Properties.MessageId;
        var replyTo = request.Properties.ReplyTo?.ToString();
        link.DisposeMessage(request, AmqpConstants.AcceptedOutcome, settled: true, batchable: false);

        var connection = link.Session.Connection;
        var replyLink = replyTo is not null && replyLinks.TryGetValue((connection, replyTo), out var byAddress)
            ? byAddress
            : replyLinks.FirstOrDefault(pair => pair.Key.Connection == connection && pair.Value.Session == link.Session).Value;
        replyLink?.SendMessageNoWait(response, new ArraySegment<byte>(Guid.NewGuid().ToByteArray()), AmqpConstants.NullBinary);
    }
}
