namespace AdvisoryTracker.Adapters.Queues;

public enum NotificationTransport
{
    /// <summary>Azure Storage Queues (local default with Azurite; fine for small deployments).</summary>
    StorageQueue,
    /// <summary>Azure Service Bus (production).</summary>
    ServiceBus,
}

public sealed class NotificationQueueOptions
{
    public const string SectionName = "Notifications";

    public NotificationTransport Transport { get; set; } = NotificationTransport.StorageQueue;

    public string QueueName { get; set; } = "notifications";

    /// <summary>
    /// Storage Queue adapter only: deliveries after which a message moves to the poison queue
    /// (<c>{queue}-poison</c>). Service Bus applies the queue's own MaxDeliveryCount.
    /// </summary>
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>Storage Queue adapter only: how long a received message stays invisible (its "lock").</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
