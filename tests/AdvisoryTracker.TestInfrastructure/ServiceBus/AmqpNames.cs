using Microsoft.Azure.Amqp.Encoding;

namespace AdvisoryTracker.TestInfrastructure.ServiceBus;

/// <summary>The Service Bus names on the wire that the test broker speaks (message annotations, management operations, errors).</summary>
internal static class AmqpNames
{
    public const string CbsNode = "$cbs";
    public const string ManagementNodeSuffix = "/$management";
    public const string DeadLetterQueueSuffix = "/$deadletterqueue";

    public const string DeadLetterReason = "DeadLetterReason";
    public const string DeadLetterErrorDescription = "DeadLetterErrorDescription";
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";
    public const string LockExpiredDescription = "Message could not be consumed after the maximum number of delivery attempts.";

    public static readonly MapKey SequenceNumber = new("x-opt-sequence-number");
    public static readonly MapKey EnqueuedTime = new("x-opt-enqueued-time");
    public static readonly MapKey LockedUntil = new("x-opt-locked-until");
    public static readonly MapKey LockToken = new("x-opt-lock-token");
    public static readonly MapKey DeadLetterSource = new("x-opt-deadletter-source");

    // Error conditions the client maps to ServiceBusFailureReason values.
    public const string DeadLetterCondition = "com.microsoft:dead-letter";
    public const string MessageLockLostCondition = "com.microsoft:message-lock-lost";
    public const string EntityNotFoundCondition = "amqp:not-found";
    public const string NotImplementedCondition = "amqp:not-implemented";
    public const string ArgumentErrorCondition = "com.microsoft:argument-error";

    // CBS (claims-based security) request/response.
    public const string CbsOperation = "operation";
    public const string CbsPutToken = "put-token";
    public const string CbsStatusCode = "status-code";
    public const string CbsStatusDescription = "status-description";

    // Management request/response.
    public const string ManagementOperation = "operation";
    public const string ManagementStatusCode = "statusCode";
    public const string ManagementStatusDescription = "statusDescription";
    public const string ManagementErrorCondition = "errorCondition";
    public const string RenewLockOperation = "com.microsoft:renew-lock";
    public const string UpdateDispositionOperation = "com.microsoft:update-disposition";
    public const string PeekMessageOperation = "com.microsoft:peek-message";
    public static readonly MapKey LockTokens = new("lock-tokens");
    public static readonly MapKey Expirations = new("expirations");
    public static readonly MapKey DispositionStatus = new("disposition-status");
    public static readonly MapKey DeadLetterReasonKey = new("deadletter-reason");
    public static readonly MapKey DeadLetterDescriptionKey = new("deadletter-description");
    public static readonly MapKey PropertiesToModify = new("properties-to-modify");
    public static readonly MapKey FromSequenceNumber = new("from-sequence-number");
    public static readonly MapKey MessageCount = new("message-count");
    public static readonly MapKey Messages = new("messages");
    public static readonly MapKey Message = new("message");
}
