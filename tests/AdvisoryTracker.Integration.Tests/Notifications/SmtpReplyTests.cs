using AdvisoryTracker.Adapters.Email;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using AdvisoryTracker.TestInfrastructure.Smtp;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>SMTP replies decide retry or dead-letter: a scripted SMTP server answers 421 or 550 on RCPT TO.</summary>
public sealed class SmtpReplyTests(AzuriteFixture azurite, MailDevFixture mail, ScriptedSmtpServerFixture smtp) : IEmulatorTests, IClassFixture<ScriptedSmtpServerFixture>
{
    private Task<LocalRunner> StartAsync() => LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
    {
        ["Smtp:Port"] = smtp.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [Fact]
    public async Task Smtp421Then250_SendsOneEmailAfterTheRetry()
    {
        await using var runner = await StartAsync();
        var scenario = new NotificationScenario(runner);
        await smtp.PlanAsync(scenario.Clinician, 421);
        await scenario.ReadyAsync();

        var first = await scenario.DrainAsync();
        var second = await scenario.DrainAsync();

        // The drain abandons on 421; the same drain may already see it again (Storage makes it visible at once).
        Assert.Equal(1, first.Sent + second.Sent);
        Assert.True(first.Abandoned >= 1, $"first drain: {first}");
        Assert.Equal(0, first.DeadLettered + second.DeadLettered);
        Assert.Single(await smtp.MessagesToAsync(scenario.Clinician));
        var log = await smtp.RcptLogAsync(scenario.Clinician);
        Assert.Equal([$"RCPT {scenario.Clinician} 421", $"RCPT {scenario.Clinician} 250"], log);
        Assert.Empty(await runner.Get<INotificationDeadLetters>().ListAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task Smtp550_DeadLettersWithTheReason_AndNeverRetries()
    {
        await using var runner = await StartAsync();
        var scenario = new NotificationScenario(runner);
        await smtp.PlanAsync(scenario.Clinician, 550, 550, 550, 550, 550);
        await scenario.ReadyAsync();

        var drained = await scenario.DrainAsync();

        Assert.Equal(1, drained.DeadLettered);
        Assert.Equal(0, (await scenario.DrainAsync()).Received);
        var dead = Assert.Single(await runner.Get<INotificationDeadLetters>().ListAsync(10, CancellationToken.None));
        Assert.Equal("PermanentDeliveryFailure", dead.Reason);
        Assert.Contains("550", dead.Description, StringComparison.Ordinal);
        Assert.Equal(scenario.Clinician, dead.Recipient);
        Assert.Single(await smtp.RcptLogAsync(scenario.Clinician));
        Assert.Empty(await smtp.MessagesToAsync(scenario.Clinician));
    }

    [Fact]
    public async Task ReplayedDeadLetter_IsDeliveredOnceTheMailboxWorks()
    {
        await using var runner = await StartAsync();
        var scenario = new NotificationScenario(runner);
        await smtp.PlanAsync(scenario.Clinician, 550);
        await scenario.ReadyAsync();
        Assert.Equal(1, (await scenario.DrainAsync()).DeadLettered);

        var dead = Assert.Single(await runner.Get<INotificationDeadLetters>().ListAsync(10, CancellationToken.None));
        Assert.Equal(1, await runner.Get<INotificationDeadLetters>().ReplayAsync(dead.Id, CancellationToken.None));
        var drained = await scenario.DrainAsync();

        Assert.Equal(1, drained.Sent);
        Assert.Single(await smtp.MessagesToAsync(scenario.Clinician));
    }

    [Fact]
    public async Task Sender_ReusesItsConnection_AndReplacesOneTheServerDroppedWhileIdle()
    {
        var time = new FakeTimeProvider();
        using var sender = new MailKitEmailSender(
            Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = smtp.SmtpPort, Security = SmtpSecurity.None, FromAddress = "advisories@example.org" }),
            time);
        var recipient = $"idle-{Guid.NewGuid():N}@example.org";
        var email = new EmailMessage(recipient, "subject", "<p>html</p>", "text");

        await sender.SendAsync(email, CancellationToken.None);
        await sender.SendAsync(email, CancellationToken.None);
        Assert.Equal(1, await smtp.DropConnectionsAsync()); // both sends used one connection
        time.Advance(TimeSpan.FromMinutes(5));
        await sender.SendAsync(email, CancellationToken.None);

        Assert.Equal(3, (await smtp.MessagesToAsync(recipient)).Count);
    }

    [Fact]
    public async Task Sender_InvalidRecipientAddress_IsPermanentAndNeverReachesTheServer()
    {
        using var sender = new MailKitEmailSender(
            Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = smtp.SmtpPort, Security = SmtpSecurity.None, FromAddress = "advisories@example.org" }),
            TimeProvider.System);

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(() =>
            sender.SendAsync(new EmailMessage("nurse@example.org, attacker@evil.example", "s", "h", "t"), CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("not a valid recipient address", error.Message, StringComparison.Ordinal);
        Assert.Empty(await smtp.RcptLogAsync("attacker@evil.example"));
    }
}
