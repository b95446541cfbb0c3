using AdvisoryTracker.TestInfrastructure.ServiceBus;
using Azure.Messaging.ServiceBus;

namespace AdvisoryTracker.Integration.Tests.ServiceBusBroker;

/// <summary>The test broker driven by the real Azure.Messaging.ServiceBus client.</summary>
[Collection(ServiceBusBrokerFixture.CollectionName)]
public sealed class ServiceBusTestBrokerTests(ServiceBusBrokerFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan ShortWait = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan MessageWait = TimeSpan.FromSeconds(2);

    private readonly ServiceBusClient client = new(fixture.ConnectionString, new ServiceBusClientOptions
    {
        RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0, TryTimeout = TimeSpan.FromSeconds(5) },
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => client.DisposeAsync().AsTask();

    [Fact]
    public async Task SendAndReceive_PeekLockComplete_RemovesMessage()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue);

        await sender.SendMessageAsync(new ServiceBusMessage("hello") { MessageId = "m-1" });
        var received = await receiver.ReceiveMessageAsync(MessageWait);

        Assert.NotNull(received);
        Assert.Equal("hello", received.Body.ToString());
        Assert.Equal("m-1", received.MessageId);
        Assert.Equal(1, received.DeliveryCount);
        Assert.Equal(1, received.SequenceNumber);
        Assert.Equal(1, fixture.Broker.GetQueue(queue).LockedCount);

        await receiver.CompleteMessageAsync(received);

        Assert.Equal(0, fixture.Broker.GetQueue(queue).ActiveCount);
        Assert.Null(await receiver.ReceiveMessageAsync(ShortWait));
    }
}
