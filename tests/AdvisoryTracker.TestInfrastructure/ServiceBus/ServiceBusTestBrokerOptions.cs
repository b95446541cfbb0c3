namespace AdvisoryTracker.TestInfrastructure.ServiceBus;

/// <summary>Settings of one queue of the <see cref="ServiceBusTestBroker"/>. TEST infrastructure only.</summary>
public sealed record ServiceBusTestQueueOptions
{
    /// <summary>How long a peek-lock receiver holds a message before it becomes available again (Service Bus default: 30 s).</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After this many delivery attempts a message that is abandoned or whose lock expires is dead-lettered
    /// with reason <c>MaxDeliveryCountExceeded</c> (Service Bus default: 10).</summary>
    public int MaxDeliveryCount { get; init; } = 10;

    /// <summary>When set, a message whose <c>MessageId</c> was already accepted within this window is accepted and dropped,
    /// like Service Bus duplicate detection. <c>null</c> (the default) turns duplicate detection off.</summary>
    public TimeSpan? DuplicateDetectionWindow { get; init; }
}

/// <summary>Settings of the <see cref="ServiceBusTestBroker"/>. TEST infrastructure only.</summary>
public sealed record ServiceBusTestBrokerOptions
{
    /// <summary>Settings for queues that are not created explicitly with <see cref="ServiceBusTestBroker.CreateQueue"/>.</summary>
    public ServiceBusTestQueueOptions DefaultQueue { get; init; } = new();

    /// <summary>When true (the default) a link to an unknown queue creates it; when false the attach fails with
    /// <c>amqp:not-found</c>, as on a real namespace.</summary>
    public bool CreateQueuesOnDemand { get; init; } = true;

    /// <summary>Clock for enqueue times and lock expiry.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How often expired locks are looked for.</summary>
    public TimeSpan LockSweepInterval { get; init; } = TimeSpan.FromMilliseconds(50);
}
