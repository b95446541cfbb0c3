using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Domain.Tests.Notifications;

/// <summary>
/// The daily digest lists held-back notifications from their routed content, once per recipient and day. In-memory
/// fakes of the ports (<see cref="NotificationHarness"/>): these are unit tests of the domain logic; the emulator-backed
/// tests (Azurite digest store, MailDev) cover the adapters.
/// </summary>
public sealed class NotificationDigestServiceTests
{
    private const string Nurse = "nurse@example.org";

    private static async Task<NotificationHarness> HeldAsync(params string[] advisories)
    {
        var h = new NotificationHarness();
        var pump = NotificationHarness.Pump("pump-1", Nurse);
        h.World.Preferences[Nurse] = new RecipientPreferences(Nurse, SeverityLevel.Critical, DigestMode.Daily);
        foreach (var id in advisories)
        {
            h.World.Add(NotificationHarness.Advisory(id), (pump, MatchStatus.Affected));
            h.Outbox.Add(OutboxEntries.For("pump-1", pump.Recipients, id, "1", NotificationKind.NewMatch));
        }

        await h.Relay.RelayAsync(CancellationToken.None);
        Assert.Equal(advisories.Length, h.Digests.Entries.Count);
        return h;
    }

    [Fact]
    public async Task Run_SendsOneEmailListingEveryHeldAdvisory_AndASecondRunThatDaySendsNothing()
    {
        var h = await HeldAsync("ADV-1", "ADV-2");
        var readsAfterRelay = h.World.Reads;

        var first = await h.Digest.RunAsync(CancellationToken.None);
        var second = await h.Digest.RunAsync(CancellationToken.None);

        Assert.Equal((1, 2), (first.Sent, first.Items));
        Assert.Equal(0, second.Sent);
        var email = Assert.Single(h.Smtp.Sent);
        Assert.Contains("2026-03-02", email.Subject, StringComparison.Ordinal);
        Assert.Contains("ADV-1", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("ADV-2", email.TextBody, StringComparison.Ordinal);
        Assert.Empty(h.Digests.Entries);
        Assert.Equal("sent", h.Ledger.States[NotificationDigestService.DigestKey(Nurse, "2026-03-02")]);
        // Only the preferences (for the threshold line) are read: the items come from the routed content.
        Assert.Equal(readsAfterRelay + 1, h.World.Reads);
    }

    [Fact]
    public async Task Run_SmtpFails_KeepsTheEntriesUnmarked_AndTheNextRunSendsThem()
    {
        var h = await HeldAsync("ADV-1");
        h.Smtp.Failures.Enqueue(new EmailDeliveryException("421", isTransient: true));

        var failed = await h.Digest.RunAsync(CancellationToken.None);
        Assert.Equal(0, failed.Sent);
        Assert.Single(h.Digests.Entries);
        Assert.Equal(0, h.Ledger.Marks);

        var retried = await h.Digest.RunAsync(CancellationToken.None);

        Assert.Equal(1, retried.Sent);
        Assert.Single(h.Smtp.Sent);
        Assert.Empty(h.Digests.Entries);
    }

    [Fact]
    public async Task Run_EntryStoredWithoutContent_ByAnEarlierVersion_IsStillListed()
    {
        var h = new NotificationHarness();
        var pump = NotificationHarness.Pump("pump-1", Nurse);
        h.World.Add(NotificationHarness.Advisory("ADV-OLD"), (pump, MatchStatus.Affected));
        await h.Digests.AddAsync(new DigestEntry(Nurse, "n-old", "ADV-OLD", "1", NotificationKind.NewMatch, ["pump-1"], h.World.Time.GetUtcNow()), CancellationToken.None);

        var run = await h.Digest.RunAsync(CancellationToken.None);

        Assert.Equal((1, 1), (run.Sent, run.Items));
        Assert.Contains("ADV-OLD", Assert.Single(h.Smtp.Sent).TextBody, StringComparison.Ordinal);
    }
}
