using AdvisoryTracker.TestInfrastructure.ServiceBus;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;

namespace AdvisoryTracker.Integration.Tests.ServiceBusBroker;

/// <summary>Broker behaviour that needs its own broker: a fake clock for locks, or non-default broker settings.</summary>
public sealed class ServiceBusTestBrokerIsolatedTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly ServiceBusTestBroker broker;
    private ServiceBusClient? client;

    public ServiceBusTestBrokerIsolatedTests()
    {
        broker = new ServiceBusTestBroker(new ServiceBusTestBrokerOptions { TimeProvider = clock, CreateQueuesOnDemand = false });
    }

    private ServiceBusClient Client => client ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        await broker.StartAsync();
        client = BrokerClients.Create(broker.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await broker.DisposeAsync();
    }

    [Fact]
    public async Task RenewMessageLockAsync_ExtendsLockPastOriginalExpiry()
    {
        var queue = broker.CreateQueue("renew", new ServiceBusTestQueueOptions { LockDuration = TimeSpan.FromSeconds(30) });
        await using var sender = Client.CreateSender("renew");
        await using var receiver = Client.CreateReceiver("renew");
        await sender.SendMessageAsync(new ServiceBusMessage("long job"));
        var received = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);
        Assert.NotNull(received);
        var originalLockedUntil = received.LockedUntil;

        clock.Advance(TimeSpan.FromSeconds(20));
        await receiver.RenewMessageLockAsync(received);
        clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(originalLockedUntil + TimeSpan.FromSeconds(20), received.LockedUntil);
        Assert.Equal(1, queue.LockedCount);
        await receiver.CompleteMessageAsync(received);
        Assert.Equal(0, queue.ActiveCount);
    }

    [Fact]
    public async Task LockExpiry_MakesMessageAvailableAgain_AndOldLockIsLost()
    {
        var queue = broker.CreateQueue("expire", new ServiceBusTestQueueOptions { LockDuration = TimeSpan.FromSeconds(30) });
        await using var sender = Client.CreateSender("expire");
        await using var receiver = Client.CreateReceiver("expire");
        await sender.SendMessageAsync(new ServiceBusMessage("slow") { MessageId = "slow-1" });
        var first = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);
        Assert.NotNull(first);

        clock.Advance(TimeSpan.FromSeconds(31));
        var lockLost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(first));
        var second = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);

        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lockLost.Reason);
        Assert.NotNull(second);
        Assert.Equal("slow-1", second.MessageId);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal(1, queue.ActiveCount);
    }

    [Fact]
    public async Task RenewMessageLockAsync_AfterExpiry_FailsWithLockLost()
    {
        broker.CreateQueue("renew-late", new ServiceBusTestQueueOptions { LockDuration = TimeSpan.FromSeconds(30) });
        await using var sender = Client.CreateSender("renew-late");
        await using var receiver = Client.CreateReceiver("renew-late");
        await sender.SendMessageAsync(new ServiceBusMessage("late"));
        var received = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);
        Assert.NotNull(received);

        clock.Advance(TimeSpan.FromSeconds(31));
        var lockLost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.RenewMessageLockAsync(received));

        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lockLost.Reason);
    }

    [Fact]
    public async Task SendMessageAsync_DuplicateMessageIdWithinWindow_IsDropped()
    {
        var queue = broker.CreateQueue("dedupe", new ServiceBusTestQueueOptions { DuplicateDetectionWindow = TimeSpan.FromMinutes(10) });
        await using var sender = Client.CreateSender("dedupe");

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "same" });
        await sender.SendMessageAsync(new ServiceBusMessage("second") { MessageId = "same" });
        clock.Advance(TimeSpan.FromMinutes(11));
        await sender.SendMessageAsync(new ServiceBusMessage("third") { MessageId = "same" });

        Assert.Equal(["first", "third"], queue.GetActiveMessages().Select(message => System.Text.Encoding.UTF8.GetString(message.Body)));
        Assert.Equal(1, queue.DuplicatesDropped);
    }

    [Fact]
    public async Task SendMessageAsync_UnknownQueueWithoutOnDemandCreation_FailsWithEntityNotFound()
    {
        await using var sender = Client.CreateSender("missing");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("x")));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, error.Reason);
    }
}
