using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Cli.Commands;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdvisoryTracker.Integration.Tests.Notifications;

public sealed class EscalationAndDeadLetterCommandTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Escalation_CriticalMatchStillOpenPastTheLimit_EmailsTheDepartmentAdminOnce()
    {
        var nuclearAdmin = $"nm-admin-{Guid.NewGuid():N}@example.org";
        var defaultAdmin = $"default-admin-{Guid.NewGuid():N}@example.org";
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
        {
            ["Escalation:OpenAfter"] = "3.00:00:00",
            ["Escalation:DepartmentAdmins:NuclearMedicine"] = nuclearAdmin,
            ["Escalation:DefaultAdmin"] = defaultAdmin,
        });
        var scenario = new NotificationScenario(runner);
        var open = await scenario.RegisterAsync("open", department: "Nuclear Medicine");
        var inProgress = await scenario.RegisterAsync("progress", department: "Nuclear Medicine");
        var radiology = await scenario.RegisterAsync("radiology", department: "Radiology");
        var critical = NotificationScenario.Revise(NotificationScenario.BioDose(), "1", a => a with
        {
            Vulnerabilities = a.Vulnerabilities.Select((v, i) => i == 0
                ? v with { Scores = [new CvssScore("3.1", 9.8, "CRITICAL", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")] }
                : v).ToList(),
        });
        await scenario.IngestAsync(critical);
        await SetRemediationStatusAsync(runner, inProgress.Id, critical.Id, "in_progress");

        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new Microsoft.Extensions.Logging.Testing.FakeLogger<EscalationService>();
        var escalation = Escalation(runner, time, log);
        Assert.Equal(0, (await escalation.RunAsync(CancellationToken.None)).Emails); // not overdue yet

        time.Advance(TimeSpan.FromDays(3.5));
        var first = await escalation.RunAsync(CancellationToken.None);
        var second = await escalation.RunAsync(CancellationToken.None);

        Assert.Equal(2, first.Emails);
        Assert.Equal(2, first.Escalated);
        // A successful escalation is news, not a problem: Information, one line per department.
        var escalated = log.Collector.GetSnapshot().Where(r => r.Message.StartsWith("Escalated", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, escalated.Count);
        Assert.All(escalated, r => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, r.Level));
        Assert.Equal(0, second.Emails);
        var nuclear = Assert.Single(await mail.WaitForEmailsToAsync(nuclearAdmin, 1, MailWait));
        Assert.Contains("Nuclear Medicine", nuclear.Subject, StringComparison.Ordinal);
        Assert.Contains($"device {open.Id}), open since", nuclear.Text, StringComparison.Ordinal);
        Assert.Contains("/advisories/", nuclear.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(inProgress.Id, nuclear.Text, StringComparison.Ordinal);
        var fallback = Assert.Single(await mail.WaitForEmailsToAsync(defaultAdmin, 1, MailWait));
        Assert.Contains(radiology.Id, fallback.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadLettersCommand_ListsAndReplaysById()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var queue = await runner.Get<TrackerStorage>().QueueAsync("notifications", CancellationToken.None);
        await queue.SendMessageAsync(BinaryData.FromString("garbage"));
        var message = NotificationMessage.Create("cli@example.org", "ICSMA-00-000-01", "1", NotificationKind.NewMatch, ["x"]);
        await runner.Get<INotificationQueue>().SendAsync([message], CancellationToken.None);
        foreach (var delivery in await runner.Get<INotificationQueue>().ReceiveAsync(10, TimeSpan.FromSeconds(2), CancellationToken.None))
        {
            await delivery.DeadLetterAsync(delivery.Message is null ? "UndecodableMessage" : "PermanentDeliveryFailure", "test\nwith a newline", CancellationToken.None);
        }

        var settings = PreferencesAndDigestTests.Settings(runner);
        var list = await PreferencesAndDigestTests.RunAsync(new DeadLettersCommand(settings), "list");
        var replay = await PreferencesAndDigestTests.RunAsync(new DeadLettersCommand(settings), "replay", "--id", message.MessageId);
        var missing = await PreferencesAndDigestTests.RunAsync(new DeadLettersCommand(settings), "replay", "--id", "no-such-id");
        var bad = await PreferencesAndDigestTests.RunAsync(new DeadLettersCommand(settings), "purge");

        Assert.Equal(0, list.Code);
        var lines = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length); // header + two, each on one line
        Assert.Contains(lines, l => l.Contains(message.MessageId, StringComparison.Ordinal) && l.Contains("PermanentDeliveryFailure", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("UndecodableMessage", StringComparison.Ordinal));
        Assert.Equal((0, "Replayed 1 dead-lettered notification to the notifications queue."), (replay.Code, replay.Stdout.Trim()));
        Assert.Equal(1, missing.Code);
        Assert.Contains("no dead-lettered notification with id 'no-such-id'", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, bad.Code);
        var back = Assert.Single(await runner.Get<INotificationQueue>().ReceiveAsync(10, TimeSpan.FromSeconds(2), CancellationToken.None));
        Assert.Equal(message.MessageId, back.Message?.MessageId);
        Assert.Equal("UndecodableMessage", Assert.Single(await runner.Get<INotificationDeadLetters>().ListAsync(10, CancellationToken.None)).Reason);
    }

    private static async Task SetRemediationStatusAsync(LocalRunner runner, string deviceId, string advisoryId, string status)
    {
        // What the admin API writes on the match row (owned by the API): RemediationStatus on DeviceMatches "m|" rows.
        var table = await runner.Get<TrackerStorage>().TableAsync(TrackerStorage.DeviceMatches, CancellationToken.None);
        await table.UpdateEntityAsync(
            new TableEntity(TableKeys.Encode(deviceId), "m|" + TableKeys.Encode(advisoryId)) { ["RemediationStatus"] = status },
            Azure.ETag.All,
            TableUpdateMode.Merge);
    }

    private static EscalationService Escalation(LocalRunner runner, TimeProvider time, Microsoft.Extensions.Logging.ILogger<EscalationService>? logger = null) =>
        new(
            runner.Get<IOpenMatchQuery>(),
            runner.Get<NotificationContentReader>(),
            runner.Get<EmailDelivery>(),
            runner.Get<IOptions<EscalationOptions>>(),
            time,
            logger ?? NullLogger<EscalationService>.Instance);
}
