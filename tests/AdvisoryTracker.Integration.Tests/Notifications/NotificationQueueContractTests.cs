using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>
/// The behaviour both notification queue adapters promise the dispatcher: at-least-once peek-lock delivery, complete,
/// abandon, dead-letter with a reason, poison messages dead-lettered after the configured deliveries, undecodable bodies
/// surfaced (not thrown), and dead letters listed and replayed. Run against Storage Queues on Azurite and against the
/// real Service Bus client on the loopback broker.
/// </summary>
public abstract class NotificationQueueContractTests
{
    protected const int MaxDeliveryCount = 3;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    /// <summary>A fresh queue (and its dead letters) no other test uses, dead-lettering after <see cref="MaxDeliveryCount"/> deliveries.</summary>
    protected abstract Task<(INotificationQueue Queue, INotificationDeadLetters DeadLetters)> CreateQueueAsync();

    /// <summary>Puts a body on the queue that is not a notification message.</summary>
    protected abstract Task SendRawAsync(byte[] body);

    private static NotificationMessage Message(string recipient = "clinician@example.org", params string[] devices) =>
        NotificationMessage.Create(recipient, "ICSMA-25-336-01", "2", NotificationKind.NewMatch, devices.Length == 0 ? ["pump-1", "pump-2"] : devices);

    [Fact]
    public async Task Send_ThenReceive_RoundTripsTheMessageWithItsDeterministicId()
    {
        var (queue, _) = await CreateQueueAsync();
        var sent = Message();

        await queue.SendAsync([sent], CancellationToken.None);
        var received = Assert.Single(await queue.ReceiveAsync(10, Wait, CancellationToken.None));

        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(1, received.DeliveryCount);
        Assert.NotNull(received.Message);
        Assert.Equal(sent.Recipient, received.Message.Recipient);
        Assert.Equal(sent.DeviceIds, received.Message.DeviceIds);
        Assert.Equal(NotificationKind.NewMatch, received.Message.Kind);
        await received.CompleteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Complete_RemovesTheMessage()
    {
        var (queue, _) = await CreateQueueAsync();
        await queue.SendAsync([Message()], CancellationToken.None);

        await Assert.Single(await queue.ReceiveAsync(10, Wait, CancellationToken.None)).CompleteAsync(CancellationToken.None);

        Assert.Empty(await queue.ReceiveAsync(10, TimeSpan.FromMilliseconds(500), CancellationToken.None));
    }

    [Fact]
    public async Task Abandon_RedeliversWithAHigherDeliveryCount()
    {
        var (queue, _) = await CreateQueueAsync();
        var sent = Message();
        await queue.SendAsync([sent], CancellationToken.None);

        await Assert.Single(await queue.ReceiveAsync(10, Wait, CancellationToken.None)).AbandonAsync(CancellationToken.None);
        var again = Assert.Single(await queue.ReceiveAsync(10, Wait, CancellationToken.None));

        Assert.Equal(sent.MessageId, again.MessageId);
        Assert.Equal(2, again.DeliveryCount);
        await again.CompleteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task DeadLetter_IsListedWithItsReason_AndReplayBringsItBack()
    {
        var (queue, deadLetters) = await CreateQueueAsync();
        var sent = Message("dead@example.org");
        await queue.SendAsync([sent], CancellationToken.None);

        await Assert.Single(await queue.ReceiveAsync(10, Wait, CancellationToken.None))
            .DeadLetterAsync("PermanentDeliveryFailure", "SMTP answered 550: mailbox unavailable", CancellationToken.None);

        Assert.Empty(await queue.ReceiveAsync(10, TimeSpan.FromMilliseconds(500), CancellationToken.None));
        var listed = Assert.Single(await deadLetters.ListAsync(10, CancellationToken.None));
        Assert.Equal(sent.MessageId, listed.MessageId);
        Assert.Equal("PermanentDeliveryFailure", listed.Reason);
        Assert.Contains("550", listed.Description, StringComparison.Ordinal);
        Assert.Equal("ICSMA-25-336-01", listed.AdvisoryId);
        Assert.Equal("dead@example.org", listed.Recipient);

        Assert.Equal(1, await deadLetters.ReplayAsync(listed.Id, CancellationToken.None));

        Assert.Empty(await deadLetters.ListAsync(10, CancellationToken.None));
        var replayed = Assert.Single(await queue.ReceiveAsync(10, Wait, CancellationToken.None));
        Assert.Equal(sent.MessageId, replayed.Message?.MessageId);
        await replayed.CompleteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Replay_WithAnId_ReplaysOnlyThatOne()
    {
        var (queue, deadLetters) = await CreateQueueAsync();
        await queue.SendAsync([Message("a@example.org"), Message("b@example.org")], CancellationToken.None);
        var received = new List<IReceivedNotification>();
        while (received.Count < 2)
        {
            received.AddRange(await queue.ReceiveAsync(10, Wait, CancellationToken.None));
        }

        foreach (var delivery in received)
        {
            await delivery.DeadLetterAsync("PermanentDeliveryFailure", "test", CancellationToken.None);
        }

        var target = (await deadLetters.ListAsync(10, CancellationToken.None)).Single(d => d.Recipient == "b@example.org");

        Assert.Equal(1, await deadLetters.ReplayAsync(target.MessageId, CancellationToken.None));

        Assert.Equal("a@example.org", Assert.Single(await deadLetters.ListAsync(10, CancellationToken.None)).Recipient);
        var replayed = Assert.Single(await queue.ReceiveAsync(10, Wait, CancellationToken.None));
        Assert.Equal("b@example.org", replayed.Message?.Recipient);
        Assert.Equal(0, await deadLetters.ReplayAsync("no-such-id", CancellationToken.None));
    }

    [Fact]
    public async Task PoisonMessage_IsDeadLetteredAfterTheConfiguredDeliveries()
    {
        var (queue, deadLetters) = await CreateQueueAsync();
        await queue.SendAsync([Message("poison@example.org")], CancellationToken.None);

        var deliveries = 0;
        for (var attempt = 0; attempt < MaxDeliveryCount + 2; attempt++)
        {
            foreach (var delivery in await queue.ReceiveAsync(10, TimeSpan.FromMilliseconds(700), CancellationToken.None))
            {
                deliveries++;
                await delivery.AbandonAsync(CancellationToken.None);
            }
        }

        Assert.Equal(MaxDeliveryCount, deliveries);
        var dead = Assert.Single(await deadLetters.ListAsync(10, CancellationToken.None));
        Assert.Equal("MaxDeliveryCountExceeded", dead.Reason);
        Assert.Equal("poison@example.org", dead.Recipient);
    }

    [Fact]
    public async Task UndecodableBody_IsDeliveredWithoutAMessage_SoItCanBeDeadLettered()
    {
        var (queue, deadLetters) = await CreateQueueAsync();
        await SendRawAsync("{\"not\":\"a notification\"}"u8.ToArray());

        var delivery = Assert.Single(await queue.ReceiveAsync(10, Wait, CancellationToken.None));
        Assert.Null(delivery.Message);
        await delivery.DeadLetterAsync("UndecodableMessage", "the message body is not a notification message", CancellationToken.None);

        Assert.Equal("UndecodableMessage", Assert.Single(await deadLetters.ListAsync(10, CancellationToken.None)).Reason);
    }

    [Fact]
    public async Task Send_ManyMessages_AllArriveOnce()
    {
        var (queue, _) = await CreateQueueAsync();
        var sent = Enumerable.Range(0, 120).Select(i => Message($"bulk{i}@example.org")).ToList();

        await queue.SendAsync(sent, CancellationToken.None);
        var ids = new List<string>();
        for (var attempt = 0; attempt < 50 && ids.Count < sent.Count; attempt++)
        {
            foreach (var delivery in await queue.ReceiveAsync(32, Wait, CancellationToken.None))
            {
                ids.Add(delivery.MessageId);
                await delivery.CompleteAsync(CancellationToken.None);
            }
        }

        Assert.Equal(sent.Select(m => m.MessageId).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }
}
