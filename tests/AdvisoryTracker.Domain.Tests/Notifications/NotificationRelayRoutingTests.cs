using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Domain.Tests.Notifications;

/// <summary>
/// The relay routes each notification once — immediate, digest or suppressed — from the recipient's preferences, and an
/// immediate message carries what the email needs. In-memory fakes of the ports (<see cref="NotificationHarness"/>):
/// these are unit tests of the domain logic; the emulator-backed tests (Azurite, MailDev) cover the adapters.
/// </summary>
public sealed class NotificationRelayRoutingTests
{
    private const string Nurse = "nurse@example.org";

    [Fact]
    public async Task DefaultPreferences_QueueOneMessagePerRecipient_CarryingTheEmailContent()
    {
        var h = new NotificationHarness();
        var pump1 = NotificationHarness.Pump("pump-1", Nurse);
        var pump2 = NotificationHarness.Pump("pump-2", "NURSE@example.org ");
        h.World.Add(NotificationHarness.Advisory("ADV-1"), (pump1, MatchStatus.Affected), (pump2, MatchStatus.PossiblyAffected));
        h.Outbox.Add(OutboxEntries.For("pump-1", pump1.Recipients, "ADV-1", "1", NotificationKind.NewMatch));
        h.Outbox.Add(OutboxEntries.For("pump-2", pump2.Recipients, "ADV-1", "1", NotificationKind.NewMatch));

        Assert.Equal(1, await h.Relay.RelayAsync(CancellationToken.None));

        var message = Assert.Single(h.Queue.SentMessages);
        Assert.Equal(NotificationMessage.CurrentVersion, message.Version);
        var content = Assert.IsType<NotificationContent>(message.Content);
        Assert.Equal(("ADV-1", "ADV-1: Infusor X200 vulnerabilities", "1"), (content.Advisory.Id, content.Advisory.Title, content.Advisory.Revision));
        Assert.Equal("HIGH (CVSS 8.1)", content.Advisory.SeverityDetail);
        Assert.Equal("Update to version 2.1 or later.", content.Advisory.Fix.Headline);
        Assert.Equal([("pump-1", MatchStatus.Affected), ("pump-2", MatchStatus.PossiblyAffected)], content.Devices.Select(d => (d.Id, d.Status!.Value)));
        Assert.Equal(0.9, content.Devices[0].Confidence);
        Assert.Equal("Infusor X200 named by ADV-1", content.Devices[0].Explanation);
        Assert.Equal(false, content.KnownExploited);
        Assert.Empty(h.Outbox.Pending);
        Assert.Empty(h.Digests.Entries);
    }

    [Fact]
    public async Task DailyDigestBelowThreshold_GoesToTheDigestStore_WithItsContent_NotToTheQueue()
    {
        var h = new NotificationHarness();
        var pump = NotificationHarness.Pump("pump-1", Nurse);
        h.World.Add(NotificationHarness.Advisory("ADV-1"), (pump, MatchStatus.Affected));
        h.World.Preferences[Nurse] = new RecipientPreferences(Nurse, SeverityLevel.Critical, DigestMode.Daily);
        h.Outbox.Add(OutboxEntries.For("pump-1", pump.Recipients, "ADV-1", "1", NotificationKind.NewMatch));

        Assert.Equal(1, await h.Relay.RelayAsync(CancellationToken.None));

        Assert.Empty(h.Queue.SentMessages);
        var entry = Assert.Single(h.Digests.Entries);
        Assert.Equal(["pump-1"], entry.DeviceIds);
        Assert.Equal("pump-1", Assert.Single(entry.Content!.Devices).Id);
        Assert.Empty(h.Outbox.Pending);
    }

    [Fact]
    public async Task DailyDigestBelowThreshold_ButKnownExploited_IsSentAtOnce()
    {
        var h = new NotificationHarness();
        var pump = NotificationHarness.Pump("pump-1", Nurse);
        h.World.Add(NotificationHarness.Advisory("ADV-1"), (pump, MatchStatus.Affected));
        h.World.Exploited.Add("ADV-1");
        h.World.Preferences[Nurse] = new RecipientPreferences(Nurse, SeverityLevel.Critical, DigestMode.Daily);
        h.Outbox.Add(OutboxEntries.For("pump-1", pump.Recipients, "ADV-1", "1", NotificationKind.NewMatch));

        await h.Relay.RelayAsync(CancellationToken.None);

        var content = Assert.Single(h.Queue.SentMessages).Content!;
        Assert.True(content.KnownExploited);
        Assert.Equal("CVE-2026-0001", Assert.Single(content.KnownExploitedEntries).CveId);
        Assert.Empty(h.Digests.Entries);
    }

    [Fact]
    public async Task RecipientNoLongerOnTheDevice_IsRecordedAsSuppressed_NotQueuedNorDigested()
    {
        var h = new NotificationHarness();
        var pump = NotificationHarness.Pump("pump-1", "someone-else@example.org");
        h.World.Add(NotificationHarness.Advisory("ADV-1"), (pump, MatchStatus.Affected));
        h.Outbox.Add(OutboxEntries.For("pump-1", [Nurse], "ADV-1", "1", NotificationKind.NewMatch));

        Assert.Equal(1, await h.Relay.RelayAsync(CancellationToken.None));

        Assert.Empty(h.Queue.SentMessages);
        Assert.Empty(h.Digests.Entries);
        var (id, reason) = Assert.Single(h.Ledger.SuppressedReasons);
        Assert.Equal(NotificationRouter.NoDeviceReason, reason);
        Assert.Equal("suppressed", h.Ledger.States[id]);
        Assert.Empty(h.Outbox.Pending);
    }

    [Fact]
    public async Task AdvisoryNotStoredYet_IsQueuedAsAVersion1Header_RoutedAtDelivery()
    {
        var h = new NotificationHarness();
        var pump = NotificationHarness.Pump("pump-1", Nurse);
        h.World.Devices["pump-1"] = pump;
        h.Outbox.Add(OutboxEntries.For("pump-1", pump.Recipients, "ADV-LATE", "1", NotificationKind.NewMatch));

        await h.Relay.RelayAsync(CancellationToken.None);

        var header = Assert.Single(h.Queue.SentMessages);
        Assert.Equal(1, header.Version);
        Assert.Null(header.Content);
        Assert.Equal(["pump-1"], header.DeviceIds);
    }

    [Fact]
    public async Task OneBatch_ReadsTheAdvisoryOnce_AndOnlyThePendingDevicesAndTheirMatchRows()
    {
        var h = new NotificationHarness();
        var pumps = Enumerable.Range(0, 40).Select(i => NotificationHarness.Pump($"pump-{i}", $"nurse{i}@example.org")).ToArray();
        h.World.Add(NotificationHarness.Advisory("ADV-1"), pumps.Select(p => (p, MatchStatus.Affected)).ToArray());
        foreach (var p in pumps.Take(4))
        {
            h.Outbox.Add(OutboxEntries.For(p.Id, p.Recipients, "ADV-1", "1", NotificationKind.NewMatch));
        }

        Assert.Equal(4, await h.Relay.RelayAsync(CancellationToken.None));

        // advisory 1 + KEV 1 + 4 devices + 4 device match rows + 4 preferences; the advisory's other matches are not read
        Assert.Equal(14, h.World.Reads);
        Assert.Equal(4, h.Queue.SentMessages.Count);
    }
}
