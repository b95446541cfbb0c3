using AdvisoryTracker.Cli.Commands;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>Per-recipient threshold and daily digest, set through the CLI command, on the real runner.</summary>
public sealed class PreferencesAndDigestTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PreferencesCommand_Set_StoresThresholdAndDigest()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var recipient = $"Prefs-{Guid.NewGuid():N}@Example.org";
        var (code, stdout, stderr) = await RunAsync(new PreferencesCommand(Settings(runner)), "set", "--recipient", recipient, "--threshold", "HIGH", "--digest", "daily");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal($"{recipient.ToLowerInvariant()}\tthreshold=HIGH\tdigest=daily", stdout.Trim());
        var stored = await runner.Get<RecipientPreferencesService>().GetAsync(recipient, CancellationToken.None);
        Assert.Equal(SeverityLevel.High, stored.Threshold);
        Assert.Equal(DigestMode.Daily, stored.Digest);
    }

    [Fact]
    public async Task PreferencesCommand_BadInput_FailsWithAReasonAndStoresNothing()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var recipient = $"prefs-{Guid.NewGuid():N}@example.org";

        var badThreshold = await RunAsync(new PreferencesCommand(Settings(runner)), "set", "--recipient", recipient, "--threshold", "URGENT");
        var badAddress = await RunAsync(new PreferencesCommand(Settings(runner)), "set", "--recipient", "not an address", "--digest", "daily");
        var unknownOption = await RunAsync(new PreferencesCommand(Settings(runner)), "set", "--who", recipient);

        Assert.Equal(2, badThreshold.Code);
        Assert.Contains("unknown threshold 'URGENT'", badThreshold.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badAddress.Code);
        Assert.Contains("not a valid email address", badAddress.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknownOption.Code);
        Assert.Contains("unknown option '--who'", unknownOption.Stderr, StringComparison.Ordinal);
        Assert.Empty(badThreshold.Stdout + badAddress.Stdout + unknownOption.Stdout);
        Assert.Equal(DigestMode.Immediate, (await runner.Get<RecipientPreferencesService>().GetAsync(recipient, CancellationToken.None)).Digest);
    }

    [Fact]
    public async Task DigestMode_BelowThreshold_HoldsNotifications_AndSendsOneEmailPerDay()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var scenario = new NotificationScenario(runner);
        Assert.Equal(0, (await RunAsync(new PreferencesCommand(Settings(runner)), "set", "--recipient", scenario.Clinician, "--threshold", "CRITICAL", "--digest", "daily")).Code);
        await scenario.RegisterAsync();
        await scenario.IngestAsync(NotificationScenario.BioDose()); // HIGH: below CRITICAL
        Assert.Equal(1, await scenario.RelayAsync());

        // Routed to the digest by the relay: nothing on the queue, one entry held with its content.
        Assert.Equal(0, (await scenario.DrainAsync()).Received);
        var held = Assert.Single(await runner.Get<INotificationDigestStore>().ListAsync(scenario.Clinician, CancellationToken.None));
        Assert.Equal("EC2 Software NMIS BioDose", Assert.Single(held.Content!.Devices).Model);
        Assert.Empty(await mail.EmailsToAsync(scenario.Clinician));

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero));
        var digest = Digest(runner, time);
        var first = await digest.RunAsync(CancellationToken.None);
        Assert.Equal(1, first.Sent);

        // More held back the same day: the second run that day sends nothing; the next day's run sends it.
        await scenario.RegisterAsync("biodose-2");
        await scenario.IngestAsync(NotificationScenario.Revise(NotificationScenario.BioDose(), "1"));
        Assert.Equal(1, await scenario.RelayAsync());
        Assert.Equal(0, (await scenario.DrainAsync()).Received);
        Assert.Single(await runner.Get<INotificationDigestStore>().ListAsync(scenario.Clinician, CancellationToken.None));
        Assert.Equal(0, (await digest.RunAsync(CancellationToken.None)).Sent);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await digest.RunAsync(CancellationToken.None)).Sent);
        Assert.Equal(0, (await digest.RunAsync(CancellationToken.None)).Sent);

        var emails = await mail.WaitForEmailsToAsync(scenario.Clinician, 2, MailWait);
        Assert.Equal(2, emails.Count);
        Assert.All(emails, e => Assert.StartsWith("Daily security advisory digest", e.Subject, StringComparison.Ordinal));
        Assert.Contains(emails, e => e.Subject.Contains("2026-03-02", StringComparison.Ordinal));
        Assert.Contains(emails, e => e.Subject.Contains("2026-03-03", StringComparison.Ordinal));
        Assert.All(emails, e => Assert.Contains("EC2 Software NMIS BioDose", e.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DigestMode_AtOrAboveThreshold_IsSentImmediately()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var scenario = new NotificationScenario(runner);
        await runner.Get<RecipientPreferencesService>().SetAsync(scenario.Clinician, "HIGH", "daily", CancellationToken.None);
        await scenario.RegisterAsync();
        await scenario.IngestAsync(NotificationScenario.BioDose());
        await scenario.RelayAsync();

        var drained = await scenario.DrainAsync();

        Assert.Equal(1, drained.Sent);
        Assert.Equal(0, drained.Digested);
        Assert.Single(await mail.WaitForEmailsToAsync(scenario.Clinician, 1, MailWait));
    }

    private static NotificationDigestService Digest(LocalRunner runner, TimeProvider time) =>
        new(
            runner.Get<INotificationDigestStore>(),
            runner.Get<EmailDelivery>(),
            runner.Get<NotificationContentReader>(),
            runner.Get<RecipientPreferencesService>(),
            time,
            NullLogger<NotificationDigestService>.Instance);

    internal static Action<IConfigurationBuilder> Settings(LocalRunner runner) =>
        builder => builder.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = runner.App.Configuration["AzureWebJobsStorage"],
            ["AzureWebJobsStorage:NamePrefix"] = runner.NamePrefix,
            ["Notifications:Transport"] = runner.App.Configuration["Notifications:Transport"],
            ["Notifications:QueueName"] = runner.App.Configuration["Notifications:QueueName"],
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:FromAddress"] = "advisories@example.org",
        });

    internal static async Task<(int Code, string Stdout, string Stderr)> RunAsync(ICliCommand command, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await command.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
