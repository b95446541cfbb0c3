using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using AdvisoryTracker.TestInfrastructure.ServiceBus;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>
/// Notifications arrive once, read well and are never lost: real advisory, Azurite tables and queues, MailDev as the
/// SMTP server, and crashes simulated at the two dangerous points of the drain.
/// </summary>
public sealed class NotificationDeliveryTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(10);

    private Task<LocalRunner> StartAsync() => LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
    {
        // A short "lock" so a crashed delivery is visible again quickly.
        ["Notifications:VisibilityTimeout"] = "00:00:01",
    });

    /// <summary>Waits until the crashed delivery's message is visible on the queue again (its visibility timeout ran out).</summary>
    private static async Task UntilRedeliverableAsync(LocalRunner runner)
    {
        var queue = await runner.Get<AdvisoryTracker.Adapters.Storage.TrackerStorage>().QueueAsync("notifications", CancellationToken.None);
        await Poll.UntilAsync(async () => (await queue.PeekMessagesAsync(1)).Value.Length > 0,
            "the crashed delivery's message to be visible on the notifications queue again (visibility timeout 1 s)");
    }

    [Fact]
    public async Task Delivery_SameMessageDeliveredTwice_SendsOneEmail()
    {
        await using var runner = await StartAsync();
        var scenario = new NotificationScenario(runner);
        var device = await scenario.RegisterAsync();
        await scenario.IngestAsync(NotificationScenario.BioDose());
        Assert.Equal(1, await scenario.RelayAsync());

        // The relay crashed after sending and before marking: the same message goes out again.
        var duplicate = NotificationMessage.Create(scenario.Clinician, NotificationScenario.AdvisoryId, "1", NotificationKind.NewMatch, [device.Id]);
        await runner.Get<INotificationQueue>().SendAsync([duplicate], CancellationToken.None);
        var drained = await scenario.DrainAsync();

        Assert.Equal(1, drained.Sent);
        Assert.Equal(1, drained.AlreadySent);
        var email = Assert.Single(await mail.WaitForEmailsToAsync(scenario.Clinician, 1, MailWait));
        Assert.Single(await mail.EmailsToAsync(scenario.Clinician));
        Assert.Equal("[HIGH] Mirion Medical EC2 Software NMIS BioDose: security advisory affects 1 of your devices", email.Subject);
        Assert.Contains("Update to V23.0 or later.", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("No fix available", email.Text, StringComparison.Ordinal);
        Assert.Contains("- Mirion Medical EC2 Software NMIS BioDose: advisory vendor 'Mirion Medical'", email.Text, StringComparison.Ordinal); // technical detail, at the end
        Assert.Contains($"/api/act/{device.Id}/{NotificationScenario.AdvisoryId}?do=mitigated&amp;t=", email.Html, StringComparison.Ordinal);
        Assert.Contains($"/advisories/{NotificationScenario.AdvisoryId}", email.Html, StringComparison.Ordinal);
        Assert.Contains("CVE-2025-64642", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drain_KilledAfterSmtpAcceptedAndLedgerMarked_RestartSendsNoSecondEmail()
    {
        await using var runner = await StartAsync();
        var scenario = new NotificationScenario(runner);
        await scenario.ReadyAsync();

        var crashing = scenario.Dispatcher(queue: new CrashBeforeCompleteQueue(runner.Get<INotificationQueue>()));
        await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.DrainAsync(CancellationToken.None));
        await mail.WaitForEmailsToAsync(scenario.Clinician, 1, MailWait);
        await UntilRedeliverableAsync(runner); // the lock of the crashed delivery runs out

        var restarted = await scenario.DrainAsync();

        Assert.Equal(1, restarted.AlreadySent);
        Assert.Equal(0, restarted.Sent);
        Assert.Single(await mail.EmailsToAsync(scenario.Clinician));
        Assert.Equal(0, (await scenario.DrainAsync()).Received);
    }

    [Fact]
    public async Task Drain_KilledAfterSmtpAcceptedBeforeLedgerMarked_RestartSendsAtMostOneMore()
    {
        await using var runner = await StartAsync();
        var scenario = new NotificationScenario(runner);
        await scenario.ReadyAsync();

        var crashing = scenario.Dispatcher(ledger: new CrashBeforeMarkLedger(runner.Get<INotificationLedger>()));
        await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.DrainAsync(CancellationToken.None));
        await mail.WaitForEmailsToAsync(scenario.Clinician, 1, MailWait);
        await UntilRedeliverableAsync(runner);

        var restarted = await scenario.DrainAsync();
        var again = await scenario.DrainAsync();

        // The documented window: SMTP accepted, the ledger never heard of it. One repeat, never more.
        Assert.Equal(1, restarted.Sent);
        Assert.Equal(0, again.Received);
        Assert.Equal(2, (await mail.WaitForEmailsToAsync(scenario.Clinician, 2, MailWait)).Count);
    }

    [Fact]
    public async Task Revision_WithoutChange_SendsNothing_RevisionAddingAFix_SendsOnePatchAvailableEmail()
    {
        await using var runner = await StartAsync();
        var scenario = new NotificationScenario(runner);
        await scenario.RegisterAsync();
        var original = NotificationScenario.BioDose();
        await scenario.IngestAsync(original);
        await scenario.RelayAsync();
        Assert.Equal(1, (await scenario.DrainAsync()).Sent);

        await scenario.IngestAsync(NotificationScenario.Revise(original, "2"));
        Assert.Equal(0, await scenario.RelayAsync());
        Assert.Equal(0, (await scenario.DrainAsync()).Received);

        await scenario.IngestAsync(NotificationScenario.Revise(original, "3", NotificationScenario.WithVendorFix));
        Assert.Equal(1, await scenario.RelayAsync());
        Assert.Equal(1, (await scenario.DrainAsync()).Sent);

        var emails = await mail.WaitForEmailsToAsync(scenario.Clinician, 2, MailWait);
        Assert.Equal(2, emails.Count);
        var patch = Assert.Single(emails, e => e.Subject.Contains("patch available for 1 of your devices", StringComparison.Ordinal));
        Assert.Contains("Vendor fix: Update to NMIS BioDose 23.0 or later.", patch.Text, StringComparison.Ordinal);
        Assert.Contains("https://www.mirion.com/support", patch.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("No vendor fix", patch.Text, StringComparison.Ordinal);
        Assert.Contains("Update to version 23.0 or later.", patch.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_AdvisoryTitleWithScriptAndCrLf_IsEncodedInHtmlAndStrippedInSubject()
    {
        await using var runner = await StartAsync();
        var scenario = new NotificationScenario(runner);
        await scenario.RegisterAsync();
        var hostile = NotificationScenario.Revise(NotificationScenario.BioDose(), "1", a => a with
        {
            Title = "BioDose <script>alert('x')</script>\r\nBcc: attacker@evil.example\r\n\r\n<b>injected</b>",
        });
        await scenario.IngestAsync(hostile);
        await scenario.RelayAsync();
        Assert.Equal(1, (await scenario.DrainAsync()).Sent);

        var email = Assert.Single(await mail.WaitForEmailsToAsync(scenario.Clinician, 1, MailWait));
        Assert.DoesNotContain("\r", email.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", email.Subject, StringComparison.Ordinal);
        Assert.Equal("[HIGH] Mirion Medical EC2 Software NMIS BioDose: security advisory affects 1 of your devices", email.Subject); // the subject names the device, not the advisory's text
        Assert.Equal(scenario.Clinician, Assert.Single(email.To).Address);
        Assert.Empty(await mail.EmailsToAsync("attacker@evil.example"));
        Assert.DoesNotContain("<script>", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>injected</b>", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drain_PoisonAndUndecodableMessages_AreDeadLetteredWithReasons_NotRetriedForever()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
        {
            ["Notifications:MaxDeliveryCount"] = "2",
        });
        var scenario = new NotificationScenario(runner);
        var device = await scenario.RegisterAsync();
        // A notification for an advisory that is never stored: abandoned on every delivery until the count runs out.
        var orphan = NotificationMessage.Create(scenario.Clinician, "ICSMA-00-000-00", "1", NotificationKind.NewMatch, [device.Id]);
        await runner.Get<INotificationQueue>().SendAsync([orphan], CancellationToken.None);
        var queue = await runner.Get<AdvisoryTracker.Adapters.Storage.TrackerStorage>().QueueAsync("notifications", CancellationToken.None);
        await queue.SendMessageAsync(BinaryData.FromString("this is not json"));

        var drained = await scenario.DrainAsync();

        Assert.Equal(2, drained.Abandoned);
        Assert.Equal(1, drained.DeadLettered);
        var dead = await runner.Get<INotificationDeadLetters>().ListAsync(10, CancellationToken.None);
        Assert.Equal(["MaxDeliveryCountExceeded", "UndecodableMessage"], dead.Select(d => d.Reason).Order(StringComparer.Ordinal));
        Assert.Equal(orphan.MessageId, dead.Single(d => d.Reason == "MaxDeliveryCountExceeded").MessageId);
        Assert.Equal(0, (await scenario.DrainAsync()).Received);
        Assert.Empty(await mail.EmailsToAsync(scenario.Clinician));
    }

    [Fact]
    public async Task ServiceBusTransport_RelayResentAfterACrash_DuplicateDetectionAndLedgerKeepOneEmail()
    {
        await using var broker = new ServiceBusTestBroker();
        await broker.StartAsync();
        var queueName = ServiceBusBrokerFixture.NewQueueName("notifications");
        broker.CreateQueue(queueName, new ServiceBusTestQueueOptions { DuplicateDetectionWindow = TimeSpan.FromMinutes(10), LockDuration = TimeSpan.FromSeconds(5) });
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
        {
            ["Notifications:Transport"] = "ServiceBus",
            ["Notifications:QueueName"] = queueName,
            ["ServiceBusConnection"] = broker.ConnectionString,
        });
        var scenario = new NotificationScenario(runner);
        var device = await scenario.ReadyAsync();

        // The relay crashed before marking its rows: the same message is sent again, and dropped by the broker.
        var again = NotificationMessage.Create(scenario.Clinician, NotificationScenario.AdvisoryId, "1", NotificationKind.NewMatch, [device.Id]);
        await runner.Get<INotificationQueue>().SendAsync([again], CancellationToken.None);
        Assert.Equal(1, broker.GetQueue(queueName).DuplicatesDropped);

        // Replayed after the window (a copy under a new id): the ledger keeps it to one email.
        var drained = await scenario.DrainAsync();
        await using (var client = new Azure.Messaging.ServiceBus.ServiceBusClient(broker.ConnectionString))
        await using (var sender = client.CreateSender(queueName))
        {
            await sender.SendMessageAsync(new Azure.Messaging.ServiceBus.ServiceBusMessage(
                System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(again, AdvisoryTracker.Adapters.Serialization.TrackerJsonContext.Default.NotificationMessage))
            {
                MessageId = again.MessageId + "-replay",
            });
        }

        var redelivered = await scenario.DrainAsync();

        Assert.Equal(1, drained.Sent);
        Assert.Equal(1, redelivered.AlreadySent);
        Assert.Equal(0, redelivered.Sent);
        Assert.Single(await mail.WaitForEmailsToAsync(scenario.Clinician, 1, MailWait));
        Assert.Equal(0, broker.GetQueue(queueName).ActiveCount);
    }
}
