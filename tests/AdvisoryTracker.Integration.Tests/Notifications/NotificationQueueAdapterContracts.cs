using AdvisoryTracker.Adapters.Queues;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using AdvisoryTracker.TestInfrastructure.ServiceBus;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>The queue contract on Azure Storage Queues (Azurite); dead letters in the <c>-poison</c> queue.</summary>
public sealed class StorageQueueNotificationQueueContractTests(AzuriteFixture azurite) : NotificationQueueContractTests, IEmulatorTests
{
    private readonly string _prefix = "q" + Guid.NewGuid().ToString("N")[..10];
    private TrackerStorage? _storage;

    protected override Task<(INotificationQueue Queue, INotificationDeadLetters DeadLetters)> CreateQueueAsync()
    {
        var options = Options.Create(new NotificationQueueOptions
        {
            QueueName = "notifications",
            MaxDeliveryCount = MaxDeliveryCount,
            VisibilityTimeout = TimeSpan.FromSeconds(30),
        });
        _storage = Storage(azurite, _prefix);
        return Task.FromResult<(INotificationQueue, INotificationDeadLetters)>(
            (new StorageQueueNotificationQueue(_storage, options), new StorageQueueNotificationDeadLetters(_storage, options)));
    }

    protected override async Task SendRawAsync(byte[] body)
    {
        var queue = await _storage!.QueueAsync("notifications", CancellationToken.None);
        await queue.SendMessageAsync(BinaryData.FromBytes(body));
    }

    internal static TrackerStorage Storage(AzuriteFixture azurite, string prefix) =>
        new(
            new TableServiceClient(azurite.ConnectionString),
            new BlobServiceClient(azurite.ConnectionString),
            new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }),
            prefix);
}

/// <summary>The queue contract on Service Bus: the real ServiceBusClient against the loopback test broker.</summary>
[Collection(ServiceBusBrokerFixture.CollectionName)]
public sealed class ServiceBusNotificationQueueContractTests(ServiceBusBrokerFixture broker) : NotificationQueueContractTests, IAsyncLifetime
{
    private readonly ServiceBusClient _client = new(broker.ConnectionString);
    private readonly string _queueName = ServiceBusBrokerFixture.NewQueueName("notifications");
    private ServiceBusNotificationQueue? _queue;

    protected override Task<(INotificationQueue Queue, INotificationDeadLetters DeadLetters)> CreateQueueAsync()
    {
        broker.Broker.CreateQueue(_queueName, new ServiceBusTestQueueOptions
        {
            MaxDeliveryCount = MaxDeliveryCount,
            DuplicateDetectionWindow = TimeSpan.FromMinutes(10),
        });
        var options = Options.Create(new NotificationQueueOptions { Transport = NotificationTransport.ServiceBus, QueueName = _queueName });
        _queue = new ServiceBusNotificationQueue(_client, options);
        return Task.FromResult<(INotificationQueue, INotificationDeadLetters)>((_queue, new ServiceBusNotificationDeadLetters(_client, options)));
    }

    protected override async Task SendRawAsync(byte[] body)
    {
        await using var sender = _client.CreateSender(_queueName);
        await sender.SendMessageAsync(new ServiceBusMessage(body) { MessageId = "raw-" + Guid.NewGuid().ToString("N") });
    }

    [Fact]
    public async Task Send_SameMessageIdTwice_DuplicateDetectionKeepsOne()
    {
        var (queue, _) = await CreateQueueAsync();
        var message = NotificationMessage.Create("dup@example.org", "ICSMA-25-336-01", "1", NotificationKind.NewMatch, ["pump-1"]);

        await queue.SendAsync([message], CancellationToken.None);
        await queue.SendAsync([message], CancellationToken.None);

        Assert.Equal(1, broker.Broker.GetQueue(_queueName).ActiveCount);
        Assert.Equal(1, broker.Broker.GetQueue(_queueName).DuplicatesDropped);
    }

    [Fact]
    public void ServiceBusMessage_CarriesRoutingPropertiesAndAShortDeterministicId()
    {
        var devices = Enumerable.Range(0, 5).Select(i => $"device-{i}").ToList();
        var message = NotificationMessage.Create("Clinician@Example.org", "ICSMA-25-336-01", "3", NotificationKind.PatchAvailable, devices);

        var wire = ServiceBusNotificationQueue.ToServiceBusMessage(message);

        Assert.Equal(message.MessageId, wire.MessageId);
        Assert.InRange(wire.MessageId.Length, 1, 128);
        Assert.Equal(NotificationMessage.Create("clinician@example.org", "ICSMA-25-336-01", "3", NotificationKind.PatchAvailable, devices.AsEnumerable().Reverse()).MessageId, wire.MessageId);
        Assert.Equal("patch-available", wire.ApplicationProperties["kind"]);
        Assert.Equal("ICSMA-25-336-01", wire.ApplicationProperties["advisoryId"]);
        Assert.Equal("3", wire.ApplicationProperties["revision"]);
        Assert.Equal(5, wire.ApplicationProperties["devices"]);
    }

    [Fact]
    public async Task HugeDeviceList_IsSentByReference_UnderTheServiceBusSizeLimit()
    {
        var (queue, _) = await CreateQueueAsync();
        var devices = Enumerable.Range(0, 20_000).Select(i => $"infusion-pump-{i:D6}-ward-{i % 40:D2}").ToList();
        var message = NotificationMessage.Create("ward@example.org", "ICSMA-25-336-01", "1", NotificationKind.NewMatch, devices);

        await queue.SendAsync([message], CancellationToken.None);

        Assert.True(message.DevicesByReference);
        Assert.Empty(message.DeviceIds);
        Assert.InRange(ServiceBusNotificationQueue.ToServiceBusMessage(message).Body.ToArray().Length, 1, 256 * 1024);
        var received = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(2), CancellationToken.None));
        Assert.True(received.Message?.DevicesByReference);
        await received.CompleteAsync(CancellationToken.None);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_queue is not null)
        {
            await _queue.DisposeAsync();
        }

        await _client.DisposeAsync();
    }
}
