using System.Diagnostics;
using AdvisoryTracker.TestInfrastructure.ServiceBus;
using Azure.Core.Amqp;
using Azure.Messaging.ServiceBus;

namespace AdvisoryTracker.Integration.Tests.ServiceBusBroker;

/// <summary>The shared test broker driven by the real Azure.Messaging.ServiceBus client; each test owns its queue.</summary>
[Collection(ServiceBusBrokerFixture.CollectionName)]
public sealed class ServiceBusTestBrokerTests(ServiceBusBrokerFixture fixture) : IAsyncLifetime
{
    private readonly ServiceBusClient client = BrokerClients.Create(fixture.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => client.DisposeAsync().AsTask();

    [Fact]
    public async Task SendAndReceive_PeekLockComplete_RemovesMessage()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue);

        await sender.SendMessageAsync(new ServiceBusMessage("hello") { MessageId = "m-1" });
        var received = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);

        Assert.NotNull(received);
        Assert.Equal("hello", received.Body.ToString());
        Assert.Equal("m-1", received.MessageId);
        Assert.Equal(1, received.DeliveryCount);
        Assert.Equal(1, received.SequenceNumber);
        Assert.Equal(1, fixture.Broker.GetQueue(queue).LockedCount);

        await receiver.CompleteMessageAsync(received);

        Assert.Equal(0, fixture.Broker.GetQueue(queue).ActiveCount);
        Assert.Null(await receiver.ReceiveMessageAsync(BrokerClients.EmptyWait));
    }

    [Fact]
    public async Task SendMessagesAsync_Batch_DeliversEveryMessageInOrder()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue);

        using var batch = await sender.CreateMessageBatchAsync();
        for (var i = 1; i <= 5; i++)
        {
            Assert.True(batch.TryAddMessage(new ServiceBusMessage($"body-{i}") { MessageId = $"batch-{i}" }));
        }

        await sender.SendMessagesAsync(batch);
        var received = await BrokerClients.ReceiveAsync(receiver, count: 5);

        Assert.Equal(["batch-1", "batch-2", "batch-3", "batch-4", "batch-5"], received.Select(message => message.MessageId));
        Assert.Equal(["body-1", "body-2", "body-3", "body-4", "body-5"], received.Select(message => message.Body.ToString()));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], received.Select(message => message.SequenceNumber));
        Assert.Equal(5, fixture.Broker.GetQueue(queue).LockedCount);
    }

    [Fact]
    public async Task SendMessagesAsync_Enumerable_StoresEveryMessage()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);

        await sender.SendMessagesAsync([new ServiceBusMessage("a"), new ServiceBusMessage("b"), new ServiceBusMessage("c")]);

        Assert.Equal(["a", "b", "c"], fixture.Broker.GetQueue(queue).GetActiveMessages().Select(message => System.Text.Encoding.UTF8.GetString(message.Body)));
    }

    [Fact]
    public async Task ReceiveMessagesAsync_EmptyQueue_ReturnsNothingWithinMaxWait()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var receiver = client.CreateReceiver(queue);
        var stopwatch = Stopwatch.StartNew();

        var received = await receiver.ReceiveMessagesAsync(maxMessages: 10, maxWaitTime: BrokerClients.EmptyWait);

        Assert.Empty(received);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task AbandonMessageAsync_RedeliversWithDeliveryCountIncremented()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue);
        await sender.SendMessageAsync(new ServiceBusMessage("retry me") { MessageId = "abandon-1" });

        var first = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);
        Assert.NotNull(first);
        await receiver.AbandonMessageAsync(first, new Dictionary<string, object> { ["attempt"] = 1 });
        var second = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);

        Assert.NotNull(second);
        Assert.Equal("abandon-1", second.MessageId);
        Assert.Equal(1, first.DeliveryCount);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal(1, second.ApplicationProperties["attempt"]);
        Assert.NotEqual(first.LockToken, second.LockToken);
    }

    [Fact]
    public async Task DeadLetterMessageAsync_WithReason_ReadableFromDeadLetterSubQueue()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue);
        await using var deadLetterReceiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await sender.SendMessageAsync(new ServiceBusMessage("poison") { MessageId = "poison-1" });

        var received = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);
        Assert.NotNull(received);
        await receiver.DeadLetterMessageAsync(received, "UnreadableAdvisory", "CSAF document is not JSON");
        var deadLettered = await deadLetterReceiver.ReceiveMessageAsync(BrokerClients.MessageWait);

        Assert.NotNull(deadLettered);
        Assert.Equal("poison-1", deadLettered.MessageId);
        Assert.Equal("poison", deadLettered.Body.ToString());
        Assert.Equal("UnreadableAdvisory", deadLettered.DeadLetterReason);
        Assert.Equal("CSAF document is not JSON", deadLettered.DeadLetterErrorDescription);
        Assert.Equal(queue, deadLettered.DeadLetterSource);
        Assert.Equal(0, fixture.Broker.GetQueue(queue).ActiveCount);
        await deadLetterReceiver.CompleteMessageAsync(deadLettered);
        Assert.Equal(0, fixture.Broker.GetQueue(queue).DeadLetterCount);
    }

    [Fact]
    public async Task AbandonMessageAsync_MaxDeliveryCountTimes_MovesMessageToDeadLetterQueue()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        fixture.Broker.CreateQueue(queue, new ServiceBusTestQueueOptions { MaxDeliveryCount = 3 });
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue);
        await using var deadLetterReceiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await sender.SendMessageAsync(new ServiceBusMessage("always fails") { MessageId = "fails-1" });

        var deliveryCounts = new List<int>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var received = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);
            Assert.NotNull(received);
            deliveryCounts.Add(received.DeliveryCount);
            await receiver.AbandonMessageAsync(received);
        }

        var deadLettered = await deadLetterReceiver.ReceiveMessageAsync(BrokerClients.MessageWait);

        Assert.Equal([1, 2, 3], deliveryCounts);
        Assert.Null(await receiver.ReceiveMessageAsync(BrokerClients.EmptyWait));
        Assert.NotNull(deadLettered);
        Assert.Equal("fails-1", deadLettered.MessageId);
        Assert.Equal("MaxDeliveryCountExceeded", deadLettered.DeadLetterReason);
    }

    [Fact]
    public async Task SendMessageAsync_AllProperties_RoundTrip()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue);
        var body = new byte[] { 0, 1, 2, 250, 255 };
        var enqueuedAfter = DateTimeOffset.UtcNow.AddSeconds(-1);
        var message = new ServiceBusMessage(body)
        {
            MessageId = "advisory-ICSMA-25-001",
            Subject = "advisory.published",
            ContentType = "application/json",
            CorrelationId = "run-42",
            ReplyTo = "replies",
            To = "matcher",
            TimeToLive = TimeSpan.FromHours(1),
            ApplicationProperties =
            {
                ["source"] = "cisa-csaf",
                ["attempt"] = 3,
                ["size"] = 123456789012L,
                ["critical"] = true,
                ["published"] = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc),
                ["id"] = Guid.Parse("7d7e0b55-2f59-4d0a-8d6c-6c6f1d2f6b10"),
            },
        };

        await sender.SendMessageAsync(message);
        var received = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);

        Assert.NotNull(received);
        Assert.Equal(body, received.Body.ToArray());
        Assert.Equal("advisory-ICSMA-25-001", received.MessageId);
        Assert.Equal("advisory.published", received.Subject);
        Assert.Equal("application/json", received.ContentType);
        Assert.Equal("run-42", received.CorrelationId);
        Assert.Equal("replies", received.ReplyTo);
        Assert.Equal("matcher", received.To);
        Assert.Equal(TimeSpan.FromHours(1), received.TimeToLive);
        Assert.Equal("cisa-csaf", received.ApplicationProperties["source"]);
        Assert.Equal(3, received.ApplicationProperties["attempt"]);
        Assert.Equal(123456789012L, received.ApplicationProperties["size"]);
        Assert.Equal(true, received.ApplicationProperties["critical"]);
        Assert.Equal(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), received.ApplicationProperties["published"]);
        Assert.Equal(Guid.Parse("7d7e0b55-2f59-4d0a-8d6c-6c6f1d2f6b10"), received.ApplicationProperties["id"]);
        Assert.True(received.EnqueuedTime >= enqueuedAfter);
        Assert.True(received.LockedUntil > received.EnqueuedTime);
    }

    [Fact]
    public async Task ReceiveMessageAsync_ReceiveAndDeleteMode_RemovesMessageOnReceive()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        await sender.SendMessageAsync(new ServiceBusMessage("once"));

        var received = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);

        Assert.NotNull(received);
        Assert.Equal("once", received.Body.ToString());
        Assert.Equal(0, fixture.Broker.GetQueue(queue).ActiveCount);
    }

    [Fact]
    public async Task PeekMessagesAsync_DoesNotLockOrRemove()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue);
        await sender.SendMessagesAsync([new ServiceBusMessage("first") { MessageId = "p-1" }, new ServiceBusMessage("second") { MessageId = "p-2" }]);

        var peeked = await receiver.PeekMessagesAsync(maxMessages: 10);

        Assert.Equal(["p-1", "p-2"], peeked.Select(message => message.MessageId));
        Assert.Equal(["first", "second"], peeked.Select(message => message.Body.ToString()));
        Assert.Equal(0, fixture.Broker.GetQueue(queue).LockedCount);
        Assert.Equal(2, fixture.Broker.GetQueue(queue).ActiveCount);
    }

    [Fact]
    public async Task SendMessageAsync_ToDeadLetterQueuePath_IsRejected()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue + "/$deadletterqueue");

        // amqp:not-allowed on attach; the client surfaces it as an InvalidOperationException.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sender.SendMessageAsync(new ServiceBusMessage("nope")));

        Assert.Contains("dead-letter queue", error.Message, StringComparison.Ordinal);
    }
    [Fact]
    public async Task SendMessageAsync_ValueBody_RoundTrips()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue);

        await sender.SendMessageAsync(new ServiceBusMessage(new AmqpAnnotatedMessage(AmqpMessageBody.FromValue("plain value"))));
        var received = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);

        Assert.NotNull(received);
        Assert.True(received.GetRawAmqpMessage().Body.TryGetValue(out var value));
        Assert.Equal("plain value", value);
    }

    [Fact]
    public async Task SendMessagesAsync_BatchWithUnsupportedSequenceBody_IsRejectedWithReasonAndStoresNothing()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        var sequenceBody = new AmqpAnnotatedMessage(AmqpMessageBody.FromSequence([new List<object> { "a", 1 }]));

        // The broker rejects with com.microsoft:argument-error, which the client surfaces as an ArgumentException.
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => sender.SendMessagesAsync([new ServiceBusMessage("good"), new ServiceBusMessage(sequenceBody)]));

        Assert.Contains("amqp-sequence", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Broker.GetQueue(queue).ActiveCount);
    }

    [Fact]
    public async Task DisposeReceiver_WithUnsettledMessage_MakesItAvailableAgain()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await sender.SendMessageAsync(new ServiceBusMessage("unfinished") { MessageId = "crash-1" });
        await using (var crashed = client.CreateReceiver(queue))
        {
            Assert.NotNull(await crashed.ReceiveMessageAsync(BrokerClients.MessageWait));
        }

        await using var receiver = client.CreateReceiver(queue);
        var redelivered = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);

        Assert.NotNull(redelivered);
        Assert.Equal("crash-1", redelivered.MessageId);
        Assert.Equal(2, redelivered.DeliveryCount);
    }

    [Fact]
    public async Task CompetingReceivers_EachMessageCompletedExactlyOnce()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await sender.SendMessagesAsync(Enumerable.Range(1, 200).Select(i => new ServiceBusMessage($"m{i}") { MessageId = $"m{i}" }));
        var stopwatch = Stopwatch.StartNew();

        var drained = await Task.WhenAll(DrainAsync(), DrainAsync());

        var all = drained.SelectMany(ids => ids).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(0, fixture.Broker.GetQueue(queue).ActiveCount);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));

        async Task<List<string>> DrainAsync()
        {
            await using var receiver = client.CreateReceiver(queue);
            var ids = new List<string>();
            while (true)
            {
                var batch = await receiver.ReceiveMessagesAsync(maxMessages: 20, maxWaitTime: BrokerClients.EmptyWait);
                if (batch.Count == 0)
                {
                    return ids;
                }

                foreach (var message in batch)
                {
                    await receiver.CompleteMessageAsync(message);
                    ids.Add(message.MessageId);
                }
            }
        }
    }
    [Fact]
    public async Task DeferMessageAsync_NotSupported_FailsAndKeepsMessageLocked()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue);
        await sender.SendMessageAsync(new ServiceBusMessage("later"));
        var received = await receiver.ReceiveMessageAsync(BrokerClients.MessageWait);
        Assert.NotNull(received);

        // amqp:not-implemented; the client surfaces it as a NotSupportedException.
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => receiver.DeferMessageAsync(received));

        Assert.Contains("Deferring", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Broker.GetQueue(queue).LockedCount);
    }
    [Fact]
    public async Task Processor_AutoComplete_ProcessesEveryMessageAndEmptiesQueue()
    {
        var queue = ServiceBusBrokerFixture.NewQueueName();
        await using var sender = client.CreateSender(queue);
        await sender.SendMessagesAsync(Enumerable.Range(1, 3).Select(i => new ServiceBusMessage($"p{i}")));
        var processed = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var allProcessed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = client.CreateProcessor(queue, new ServiceBusProcessorOptions { MaxConcurrentCalls = 2 });
        processor.ProcessMessageAsync += args =>
        {
            processed.Enqueue(args.Message.Body.ToString());
            if (processed.Count == 3)
            {
                allProcessed.TrySetResult();
            }

            return Task.CompletedTask;
        };
        processor.ProcessErrorAsync += args =>
        {
            allProcessed.TrySetException(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await allProcessed.Task.WaitAsync(BrokerClients.MessageWait);
        await processor.StopProcessingAsync();

        Assert.Equal(["p1", "p2", "p3"], processed.Order(StringComparer.Ordinal));
        Assert.Equal(0, fixture.Broker.GetQueue(queue).ActiveCount);
    }
}
