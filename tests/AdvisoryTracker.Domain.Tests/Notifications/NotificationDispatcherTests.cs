using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Domain.Tests.Notifications;

/// <summary>
/// The drain delivers what the relay routed, without reading the advisory, matches, devices, KEV or preferences again.
/// In-memory fakes of the ports (<see cref="NotificationHarness"/>): these are unit tests of the domain logic; the
/// emulator-backed tests (Azurite, MailDev, the Service Bus test broker) cover the adapters and the crash windows.
/// </summary>
public sealed class NotificationDispatcherTests
{
    private const string Nurse = "nurse@example.org";

    private static async Task<NotificationHarness> RelayedAsync()
    {
        var h = new NotificationHarness();
        var pump = NotificationHarness.Pump("pump-1", Nurse);
        h.World.Add(NotificationHarness.Advisory("ADV-1"), (pump, MatchStatus.Affected));
        h.Outbox.Add(OutboxEntries.For("pump-1", pump.Recipients, "ADV-1", "1", NotificationKind.NewMatch));
        await h.Relay.RelayAsync(CancellationToken.None);
        return h;
    }

    [Fact]
    public async Task Drain_RoutedMessage_SendsTheEmailFromItsContent_ReadingNothing()
    {
        var h = await RelayedAsync();
        var readsAfterRelay = h.World.Reads;
        h.World.Advisories.Clear(); // delivery must not need them
        h.World.Devices.Clear();

        var drained = await h.Dispatcher.DrainAsync(CancellationToken.None);

        Assert.Equal((1, 1), (drained.Received, drained.Sent));
        Assert.Equal(readsAfterRelay, h.World.Reads);
        var email = Assert.Single(h.Smtp.Sent);
        Assert.Equal(Nurse, email.To);
        Assert.Equal("[HIGH] Probe Medical Infusor X200: security advisory affects 1 of your devices", email.Subject);
        Assert.Contains("Update to version 2.1 or later.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Infusor X200 named by ADV-1", email.TextBody, StringComparison.Ordinal);
        Assert.Equal("sent", h.Ledger.States[h.Queue.SentMessages[0].MessageId]);
        Assert.Single(h.Queue.Completed);
    }

    [Fact]
    public async Task Drain_SameMessageTwice_SendsOneEmail()
    {
        var h = await RelayedAsync();
        await h.Queue.SendAsync([h.Queue.SentMessages[0]], CancellationToken.None);

        var drained = await h.Dispatcher.DrainAsync(CancellationToken.None);

        Assert.Equal((2, 1, 1), (drained.Received, drained.Sent, drained.AlreadySent));
        Assert.Single(h.Smtp.Sent);
        Assert.Equal(2, h.Queue.Completed.Count);
    }

    [Fact]
    public async Task Drain_TransientSmtpFailure_Abandons_AndTheRedeliverySendsOnce()
    {
        var h = await RelayedAsync();
        h.Smtp.Failures.Enqueue(new EmailDeliveryException("421", isTransient: true));

        var first = await h.Dispatcher.DrainAsync(CancellationToken.None);
        h.Queue.ReleaseAbandoned();
        var second = await h.Dispatcher.DrainAsync(CancellationToken.None);

        Assert.Equal((1, 0), (first.Abandoned, first.Sent));
        Assert.Equal(1, second.Sent);
        Assert.Single(h.Smtp.Sent);
        Assert.Equal(1, h.Ledger.Marks);
    }

    [Fact]
    public async Task Drain_PermanentSmtpFailure_DeadLettersWithTheReason()
    {
        var h = await RelayedAsync();
        h.Smtp.Failures.Enqueue(new EmailDeliveryException("550 mailbox unavailable", isTransient: false));

        var drained = await h.Dispatcher.DrainAsync(CancellationToken.None);

        Assert.Equal(1, drained.DeadLettered);
        Assert.Equal("PermanentDeliveryFailure", Assert.Single(h.Queue.DeadLettered).Reason);
        Assert.Equal(0, h.Ledger.Marks);
    }

    [Fact]
    public async Task Drain_UndecodableBody_IsDeadLettered()
    {
        var h = new NotificationHarness();
        h.Queue.SendUndecodable("garbage");

        var drained = await h.Dispatcher.DrainAsync(CancellationToken.None);

        Assert.Equal(1, drained.DeadLettered);
        Assert.Equal(("garbage", "UndecodableMessage"), Assert.Single(h.Queue.DeadLettered));
    }

    [Fact]
    public async Task Drain_Version1Header_IsRoutedAtDelivery_AbandonedUntilItsAdvisoryIsStored()
    {
        var h = new NotificationHarness();
        var pump = NotificationHarness.Pump("pump-1", Nurse);
        h.World.Devices["pump-1"] = pump;
        await h.Queue.SendAsync([NotificationMessage.Create(Nurse, "ADV-1", "1", NotificationKind.NewMatch, ["pump-1"])], CancellationToken.None);

        Assert.Equal(1, (await h.Dispatcher.DrainAsync(CancellationToken.None)).Abandoned);
        Assert.Empty(h.Smtp.Sent);

        h.World.Add(NotificationHarness.Advisory("ADV-1"), (pump, MatchStatus.Affected));
        h.Queue.ReleaseAbandoned();
        var drained = await h.Dispatcher.DrainAsync(CancellationToken.None);

        Assert.Equal(1, drained.Sent);
        Assert.Contains("Probe Medical Infusor X200", Assert.Single(h.Smtp.Sent).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drain_Version1Header_ForADigestRecipient_GoesToTheDigest()
    {
        var h = new NotificationHarness();
        var pump = NotificationHarness.Pump("pump-1", Nurse);
        h.World.Add(NotificationHarness.Advisory("ADV-1"), (pump, MatchStatus.Affected));
        h.World.Preferences[Nurse] = new RecipientPreferences(Nurse, SeverityLevel.Critical, DigestMode.Daily);
        await h.Queue.SendAsync([NotificationMessage.Create(Nurse, "ADV-1", "1", NotificationKind.NewMatch, ["pump-1"])], CancellationToken.None);

        var drained = await h.Dispatcher.DrainAsync(CancellationToken.None);

        Assert.Equal((1, 0), (drained.Digested, drained.Sent));
        Assert.Single(h.Digests.Entries);
        Assert.Single(h.Queue.Completed);
    }
}
