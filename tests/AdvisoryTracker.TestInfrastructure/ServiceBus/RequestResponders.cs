using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace AdvisoryTracker.TestInfrastructure.ServiceBus;

/// <summary>Answers the claims-based-security node: every put-token is accepted (the test broker checks no signatures).</summary>
internal static class CbsResponder
{
    public static AmqpMessage Respond(AmqpMessage request)
    {
        var operation = request.ApplicationProperties?.Map[AmqpNames.CbsOperation]?.ToString();
        var response = AmqpMessage.Create();
        var accepted = string.Equals(operation, AmqpNames.CbsPutToken, StringComparison.Ordinal);
        response.ApplicationProperties.Map[AmqpNames.CbsStatusCode] = accepted ? 202 : 400;
        response.ApplicationProperties.Map[AmqpNames.CbsStatusDescription] = accepted ? "Accepted" : $"Unsupported CBS operation '{operation}'.";
        return response;
    }
}

/// <summary>Answers an entity's <c>$management</c> node: renew-lock, update-disposition and peek; anything else gets 501.</summary>
internal sealed class ManagementResponder(ServiceBusTestQueue queue, MessageEntity entity)
{
    private const int Ok = 200;
    private const int NoContent = 204;
    private const int Gone = 410;
    private const int NotImplemented = 501;

    public AmqpMessage Respond(AmqpMessage request)
    {
        var operation = request.ApplicationProperties?.Map[AmqpNames.ManagementOperation]?.ToString();
        var body = request.ValueBody?.Value as AmqpMap ?? new AmqpMap();
        return operation switch
        {
            AmqpNames.RenewLockOperation => RenewLocks(body),
            AmqpNames.UpdateDispositionOperation => UpdateDisposition(body),
            AmqpNames.PeekMessageOperation => Peek(body),
            _ => Error(NotImplemented, AmqpNames.NotImplementedCondition, $"The test broker does not implement '{operation}' on '{queue.Name}'."),
        };
    }

    public static AmqpMessage Error(int statusCode, string condition, string description)
    {
        var response = AmqpMessage.Create();
        response.ApplicationProperties.Map[AmqpNames.ManagementStatusCode] = statusCode;
        response.ApplicationProperties.Map[AmqpNames.ManagementStatusDescription] = description;
        response.ApplicationProperties.Map[AmqpNames.ManagementErrorCondition] = new AmqpSymbol(condition);
        return response;
    }

    private static AmqpMessage Success(int statusCode, AmqpMap? body)
    {
        var response = body is null ? AmqpMessage.Create() : AmqpMessage.Create(new AmqpValue { Value = body });
        response.ApplicationProperties.Map[AmqpNames.ManagementStatusCode] = statusCode;
        response.ApplicationProperties.Map[AmqpNames.ManagementStatusDescription] = statusCode == Ok ? "OK" : "No content";
        return response;
    }

    private static AmqpMessage LockLost() =>
        Error(Gone, AmqpNames.MessageLockLostCondition, "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.");

    private AmqpMessage RenewLocks(AmqpMap body)
    {
        var lockTokens = (Guid[])body[AmqpNames.LockTokens];
        var expirations = new DateTime[lockTokens.Length];
        for (var i = 0; i < lockTokens.Length; i++)
        {
            if (entity.RenewLock(lockTokens[i]) is not { } lockedUntil)
            {
                return LockLost();
            }

            expirations[i] = lockedUntil.UtcDateTime;
        }

        return Success(Ok, new AmqpMap { [AmqpNames.Expirations] = expirations });
    }

    private AmqpMessage UpdateDisposition(AmqpMap body)
    {
        var lockTokens = (Guid[])body[AmqpNames.LockTokens];
        var status = body[AmqpNames.DispositionStatus]?.ToString();
        var reason = body[AmqpNames.DeadLetterReasonKey]?.ToString();
        var description = body[AmqpNames.DeadLetterDescriptionKey]?.ToString();
        var propertiesToModify = new List<KeyValuePair<string, object>>();
        if (body[AmqpNames.PropertiesToModify] is AmqpMap modify)
        {
            foreach (var (key, value) in modify)
            {
                propertiesToModify.Add(new KeyValuePair<string, object>(key.Key.ToString()!, value));
            }
        }

        foreach (var lockToken in lockTokens)
        {
            var result = status switch
            {
                "completed" => entity.Complete(lockToken),
                "abandoned" => entity.Abandon(lockToken, propertiesToModify, countsAsDeliveryAttempt: true),
                "suspended" => entity.DeadLetter(lockToken, reason, description, propertiesToModify),
                _ => (SettleResult?)null,
            };
            if (result is null)
            {
                return Error(NotImplemented, AmqpNames.NotImplementedCondition, $"The test broker does not implement disposition '{status}'.");
            }

            if (result == SettleResult.LockLost)
            {
                return LockLost();
            }
        }

        return Success(Ok, null);
    }

    private AmqpMessage Peek(AmqpMap body)
    {
        var from = Convert.ToInt64(body[AmqpNames.FromSequenceNumber], System.Globalization.CultureInfo.InvariantCulture);
        var count = Convert.ToInt32(body[AmqpNames.MessageCount], System.Globalization.CultureInfo.InvariantCulture);
        var messages = entity.Peek(from, count);
        if (messages.Count == 0)
        {
            return Success(NoContent, null);
        }

        var encoded = new List<object>();
        foreach (var message in messages)
        {
            using var amqpMessage = message.ToDelivery(lockToken: null, lockedUntil: null);
            using var stream = amqpMessage.ToStream();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            // An ArraySegment encodes as AMQP binary; a byte[] would encode as an array of ubyte.
            encoded.Add(new AmqpMap { [AmqpNames.Message] = new ArraySegment<byte>(buffer.ToArray()) });
        }

        return Success(Ok, new AmqpMap { [AmqpNames.Messages] = encoded });
    }
}
