using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Domain.Tests.Notifications;

/// <summary>
/// The one delivery path (claim → render → send → mark sent). In-memory fakes of the ledger and the SMTP sender: these
/// are unit tests of the domain logic; the emulator-backed tests (Azurite ledger, MailDev) cover the adapters.
/// </summary>
public sealed class EmailDeliveryTests
{
    private static readonly EmailMessage Email = new("nurse@example.org", "subject", "<p>html</p>", "text");

    private static EmailDelivery Delivery(FakeLedger ledger, FakeEmailSender smtp) => new(ledger, smtp, new NotificationHarness().Composer);

    [Fact]
    public async Task Deliver_SendsAndMarksSent_AndASecondDeliveryOfTheSameKeySendsNothing()
    {
        var ledger = new FakeLedger();
        var smtp = new FakeEmailSender();
        var delivery = Delivery(ledger, smtp);
        var renders = 0;

        var first = await delivery.DeliverAsync("n-1", "nurse@example.org", _ => { renders++; return Email; }, CancellationToken.None);
        var second = await delivery.DeliverAsync("n-1", "nurse@example.org", _ => { renders++; return Email; }, CancellationToken.None);

        Assert.Equal(EmailDeliveryOutcome.Sent, first.Outcome);
        Assert.Equal(EmailDeliveryOutcome.AlreadySent, second.Outcome);
        Assert.Single(smtp.Sent);
        Assert.Equal(1, renders);
        Assert.Equal("sent", ledger.States["n-1"]);
    }

    [Fact]
    public async Task Deliver_ClaimAlreadyMarkedSuppressed_SendsNothing()
    {
        var ledger = new FakeLedger();
        var smtp = new FakeEmailSender();
        await ledger.RecordSuppressedAsync("n-1", "nurse@example.org", "gone", CancellationToken.None);

        var result = await Delivery(ledger, smtp).DeliverAsync("n-1", "nurse@example.org", _ => Email, CancellationToken.None);

        Assert.Equal(EmailDeliveryOutcome.AlreadySent, result.Outcome);
        Assert.Empty(smtp.Sent);
    }

    [Fact]
    public async Task Deliver_TransientFailure_IsNotMarkedSent_AndTheRetrySendsOnce()
    {
        var ledger = new FakeLedger();
        var smtp = new FakeEmailSender();
        smtp.Failures.Enqueue(new EmailDeliveryException("421 try later", isTransient: true));
        var delivery = Delivery(ledger, smtp);

        var failed = await delivery.DeliverAsync("n-1", "nurse@example.org", _ => Email, CancellationToken.None);
        Assert.Equal(EmailDeliveryOutcome.TransientFailure, failed.Outcome);
        Assert.IsType<EmailDeliveryException>(failed.Failure);
        Assert.Equal("claimed", ledger.States["n-1"]);
        Assert.Equal(0, ledger.Marks);

        var retried = await delivery.DeliverAsync("n-1", "nurse@example.org", _ => Email, CancellationToken.None);

        Assert.Equal(EmailDeliveryOutcome.Sent, retried.Outcome);
        Assert.Single(smtp.Sent);
        Assert.Equal(1, ledger.Marks);
    }

    [Fact]
    public async Task Deliver_PermanentFailure_IsNotMarkedSent()
    {
        var ledger = new FakeLedger();
        var smtp = new FakeEmailSender();
        smtp.Failures.Enqueue(new EmailDeliveryException("550 no such user", isTransient: false));

        var result = await Delivery(ledger, smtp).DeliverAsync("n-1", "nurse@example.org", _ => Email, CancellationToken.None);

        Assert.Equal(EmailDeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Equal(0, ledger.Marks);
        Assert.Empty(smtp.Sent);
    }

    [Fact]
    public async Task Deliver_BrokenTemplate_SendsNothing_AndLeavesTheClaimUnmarked()
    {
        var ledger = new FakeLedger();
        var smtp = new FakeEmailSender();

        var result = await Delivery(ledger, smtp).DeliverAsync("n-1", "nurse@example.org", _ => throw new NotificationTemplateException("bad tag"), CancellationToken.None);

        Assert.Equal(EmailDeliveryOutcome.TemplateBroken, result.Outcome);
        Assert.Empty(smtp.Sent);
        Assert.Equal("claimed", ledger.States["n-1"]);
    }

    [Fact]
    public async Task Send_OneEmailForSeveralClaims_MarksEveryClaimOnlyAfterTheServerAccepted()
    {
        var ledger = new FakeLedger();
        var smtp = new FakeEmailSender();
        var delivery = Delivery(ledger, smtp);
        var claims = new List<LedgerClaim>();
        foreach (var key in new[] { "e-1", "e-2", "e-3" })
        {
            claims.Add((await delivery.ClaimAsync(key, "admin@example.org", CancellationToken.None))!);
        }

        smtp.Failures.Enqueue(new EmailDeliveryException("timeout", isTransient: true));
        Assert.Equal(EmailDeliveryOutcome.TransientFailure, (await delivery.SendAsync(claims, _ => Email, CancellationToken.None)).Outcome);
        Assert.Equal(0, ledger.Marks);

        Assert.Equal(EmailDeliveryOutcome.Sent, (await delivery.SendAsync(claims, _ => Email, CancellationToken.None)).Outcome);
        Assert.Equal(3, ledger.Marks);
        Assert.All(claims, c => Assert.Equal("sent", ledger.States[c.MessageId]));
    }
}
