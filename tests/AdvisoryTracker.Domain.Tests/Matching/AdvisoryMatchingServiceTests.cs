using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Domain.Tests.Ingestion;
using AdvisoryTracker.Domain.Triage;

namespace AdvisoryTracker.Domain.Tests.Matching;

/// <summary>
/// The matching service's decisions — which matches are written, with which outbox rows, and when a revision is news —
/// on the real ICSMA-25-336-01 advisory and the real matcher. In-memory ports (<see cref="InMemoryMatchStore"/> and
/// friends): these are fast unit tests of domain logic; the Table adapters behind the same ports are covered by the
/// emulator tests.
/// </summary>
public sealed class AdvisoryMatchingServiceTests
{
    private readonly InMemoryDeviceRegistry _devices = new();
    private readonly InMemoryMatchStore _matches = new();
    private readonly AdvisoryMatchingService _service;

    public AdvisoryMatchingServiceTests()
    {
        _service = new AdvisoryMatchingService(_devices, _matches, new AdvisoryMatcher(), new TriageCarryOver(new InMemoryTriageStore()));
    }

    [Fact]
    public async Task NewAdvisory_WritesTheAffectedDevicesMatch_WithOneOutboxRowPerDistinctRecipient()
    {
        _devices.Put(BioDose.Affected("biodose-1", "nm.lead@example.org", "physicist@example.org") with { Prescribers = ["NM.Lead@example.org", "dr.ko@example.org"] });
        _devices.Put(BioDose.Unrelated());
        var advisory = BioDose.Advisory();

        var summary = await _service.MatchAdvisoryAsync(advisory, CancellationToken.None);

        Assert.Equal(new MatchRunSummary(Matched: 1, Flagged: 1, Notifications: 3), summary);
        var match = Assert.Single(_matches.Matches.Values);
        Assert.Equal(("biodose-1", BioDose.AdvisoryId, advisory.Revision), (match.DeviceId, match.AdvisoryId, match.Revision));
        Assert.True(match.Status.IsFlagged(), $"status {match.Status}");
        Assert.False(match.HasVendorFix);
        Assert.Equal(["dr.ko@example.org", "nm.lead@example.org", "physicist@example.org"], _matches.Outbox.Select(o => o.Recipient.ToLowerInvariant()).Order(StringComparer.Ordinal));
        Assert.All(_matches.Outbox, o => Assert.Equal(("biodose-1", BioDose.AdvisoryId, advisory.Revision, NotificationKind.NewMatch), (o.DeviceId, o.AdvisoryId, o.Revision, o.Kind)));
        Assert.Equal(3, _matches.Outbox.Select(o => o.Key).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task SameAdvisoryAgain_WritesNothing()
    {
        _devices.Put(BioDose.Affected());
        var advisory = BioDose.Advisory();
        await _service.MatchAdvisoryAsync(advisory, CancellationToken.None);
        var (saves, outbox) = (_matches.Saves, _matches.Outbox.Count);

        var again = await _service.MatchAdvisoryAsync(advisory, CancellationToken.None);

        Assert.Equal(new MatchRunSummary(Matched: 1, Flagged: 0, Notifications: 0), again);
        Assert.Equal((1, 1), (saves, outbox));
        Assert.Equal((saves, outbox), (_matches.Saves, _matches.Outbox.Count));
    }

    [Fact]
    public async Task RevisionThatChangesNothingForTheDevice_NotifiesNobody()
    {
        _devices.Put(BioDose.Affected());
        var original = BioDose.Advisory();
        await _service.MatchAdvisoryAsync(original, CancellationToken.None);

        var summary = await _service.MatchAdvisoryAsync(BioDose.Revise(original, "2", a => a with { Title = a.Title + " (update)" }), CancellationToken.None);

        Assert.Equal(0, summary.Notifications);
        Assert.Single(_matches.Outbox);
        Assert.Equal(original.Revision, Assert.Single(_matches.Matches.Values).Revision); // unchanged evidence: the stored match stands
    }

    [Fact]
    public async Task RevisionAddingAVendorFix_WritesOnePatchAvailableRow_AndMarksTheMatch()
    {
        _devices.Put(BioDose.Affected());
        var original = BioDose.Advisory();
        await _service.MatchAdvisoryAsync(original, CancellationToken.None);

        var summary = await _service.MatchAdvisoryAsync(BioDose.Revise(original, "3", BioDose.WithVendorFix), CancellationToken.None);

        Assert.Equal(1, summary.Notifications);
        Assert.Equal([NotificationKind.NewMatch, NotificationKind.PatchAvailable], _matches.Outbox.Select(o => o.Kind));
        Assert.Equal("3", _matches.Outbox[^1].Revision);
        var match = Assert.Single(_matches.Matches.Values);
        Assert.True(match.HasVendorFix);
        Assert.Equal("3", match.Revision);
    }

    [Fact]
    public async Task DeviceBackfill_MatchesANewDeviceAgainstStoredAdvisories_Once()
    {
        var advisories = new InMemoryAdvisoryStore();
        await advisories.SaveAsync(BioDose.Advisory(), "test", CancellationToken.None);
        var device = BioDose.Affected("late-1", "late@example.org");
        _devices.Put(device);

        var first = await _service.MatchDeviceAsync(device, advisories, CancellationToken.None);
        var second = await _service.MatchDeviceAsync(device, advisories, CancellationToken.None);

        Assert.Equal(new MatchRunSummary(1, 1, 1), first);
        Assert.Equal(0, second.Notifications);
        var row = Assert.Single(_matches.Outbox);
        Assert.Equal(("late-1", "late@example.org", NotificationKind.NewMatch), (row.DeviceId, row.Recipient, row.Kind));
        Assert.Equal(new MatchRunSummary(0, 0, 0), await _service.MatchDeviceAsync(BioDose.Unrelated(), advisories, CancellationToken.None));
        Assert.Single(_matches.Outbox);
    }

    [Fact]
    public async Task Batch_ReadsTheRegistryOnce_AndQueuesDevicesAddedOrChangedMeanwhileForBackfill()
    {
        _devices.Put(BioDose.Affected("biodose-1"));
        _devices.Put(BioDose.Unrelated("pump-1"));
        _devices.Put(BioDose.Unrelated("pump-2"));
        var backfill = new InMemoryBackfillQueue();
        var original = BioDose.Advisory();

        await using (var batch = _service.BeginBatch(backfill))
        {
            await batch.MatchAdvisoryAsync(original, CancellationToken.None);
            _devices.Put(BioDose.Affected("biodose-2", "new.team@example.org")); // registered during the sync
            _devices.Put(BioDose.Unrelated("pump-1") with { Version = "3.0" }); // changed during the sync
            await batch.MatchAdvisoryAsync(BioDose.Revise(original, "2", BioDose.WithVendorFix), CancellationToken.None);

            Assert.Equal(1, _devices.Listings);
            Assert.DoesNotContain(_matches.Matches.Keys, k => k.DeviceId == "biodose-2"); // not in the batch's snapshot
            Assert.Empty(backfill.Queued);
        }

        Assert.Equal(["biodose-2", "pump-1"], backfill.Queued.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Batch_ThatMatchedNothing_ReadsNoRegistryAndQueuesNothing()
    {
        _devices.Put(BioDose.Affected());
        var backfill = new InMemoryBackfillQueue();

        await using (_service.BeginBatch(backfill))
        {
        }

        Assert.Equal(0, _devices.Listings);
        Assert.Empty(backfill.Queued);
    }
}
