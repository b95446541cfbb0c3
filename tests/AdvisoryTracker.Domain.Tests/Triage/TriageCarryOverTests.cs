using System.Runtime.CompilerServices;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Tests.Ingestion;
using AdvisoryTracker.Domain.Tests.Matching;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Domain.Triage;

namespace AdvisoryTracker.Domain.Tests.Triage;

/// <summary>
/// A reviewer's decision on a possible match carries over to a later revision while the evidence for the device is
/// unchanged, and is offered for review again when it changed. In-memory stores (the Table adapters have their own
/// contract tests on Azurite).
/// </summary>
public sealed class TriageCarryOverTests
{
    private static readonly Device Pump = new() { Id = "d1", Manufacturer = "Probe Medical", Model = "Infusor X200", Contacts = ["nurse@example.org"] };

    private static Advisory Revision(string number, string version, string remediation) =>
        StandardProbeTests.Read(
            $$"""
            { "branches": [ { "category": "vendor", "name": "Probe Medical", "branches": [
                { "category": "product_name", "name": "Infusor X200", "branches": [
                  { "category": "product_version", "name": "{{version}}", "product": { "product_id": "P1", "name": "Infusor X200 {{version}}" } } ] } ] } ] }
            """,
            $$""" "product_status": { "under_investigation": ["P1"] }, "remediations": [ {{remediation}} ] """)
        with { Revision = number };

    private const string Mitigation = """{ "category": "mitigation", "details": "Isolate the pump network.", "product_ids": ["P1"] }""";
    private const string VendorFix = """{ "category": "vendor_fix", "details": "Update to 2.1.", "product_ids": ["P1"] }""";

    private static async Task<(StoredMatch First, InMemoryMatches Matches, InMemoryTriageStore Decisions, AdvisoryMatchingService Service)> DecideOnFirstRevisionAsync(TriageVerdict verdict)
    {
        var matches = new InMemoryMatches();
        var decisions = new InMemoryTriageStore();
        var service = new AdvisoryMatchingService(new OneDevice(Pump), matches, new AdvisoryMatcher(), new TriageCarryOver(decisions));
        await service.MatchAdvisoryAsync(Revision("1", "2.0", Mitigation), CancellationToken.None);
        var first = matches.Saved["d1"];
        Assert.Equal(MatchStatus.PossiblyAffected, first.Status);

        // As the triage service records it: the decision with its evidence, and the match with the decided status.
        await decisions.SaveAsync(new TriageDecision("d1", first.AdvisoryId, verdict, "Dr. Rivera", new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero),
            "pump model checked on the ward", TriageEvidence.Fingerprint(first), first.Revision), CancellationToken.None);
        matches.Saved["d1"] = first with { Status = verdict == TriageVerdict.Confirmed ? MatchStatus.Affected : MatchStatus.NotAffected };
        matches.Outbox.Clear();
        return (first, matches, decisions, service);
    }

    [Theory]
    [InlineData(TriageVerdict.Dismissed, MatchStatus.NotAffected)]
    [InlineData(TriageVerdict.Confirmed, MatchStatus.Affected)]
    public async Task Decision_CarriesOverToARevisionWithTheSameEvidence(TriageVerdict verdict, MatchStatus decided)
    {
        var (first, matches, _, service) = await DecideOnFirstRevisionAsync(verdict);

        // Revision 2 adds a vendor fix: the match changes (a patch is news) but not the evidence for the device.
        await service.MatchAdvisoryAsync(Revision("2", "2.0", VendorFix), CancellationToken.None);

        var second = matches.Saved["d1"];
        Assert.Equal("2", second.Revision);
        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
        Assert.Equal(decided, second.Status);
        Assert.Contains($"triage: {verdict.ToName()} by Dr. Rivera on 2025-01-02 (revision 1): pump model checked on the ward", second.Explanation, StringComparison.Ordinal);
        if (verdict == TriageVerdict.Dismissed)
        {
            Assert.Empty(matches.Outbox);
        }
    }

    [Fact]
    public async Task Decision_IsOfferedForReviewAgain_WhenTheEvidenceChanged()
    {
        var (_, matches, _, service) = await DecideOnFirstRevisionAsync(TriageVerdict.Dismissed);

        // Revision 2 names another version: the product evidence for the device is different.
        await service.MatchAdvisoryAsync(Revision("2", "3.0", Mitigation), CancellationToken.None);

        var second = matches.Saved["d1"];
        Assert.Equal(MatchStatus.PossiblyAffected, second.Status);
        Assert.Contains("triage: dismissed by Dr. Rivera on 2025-01-02 (revision 1), but the evidence for this device has changed since: review again", second.Explanation, StringComparison.Ordinal);
        Assert.Single(matches.Outbox);
    }

    [Fact]
    public void EvidenceFingerprint_IgnoresTheTriageNote()
    {
        var match = new StoredMatch("d1", "A-1", "1", MatchStatus.PossiblyAffected, 0.4, "vendor family matches", "v1;status=possibly_affected", false);
        Assert.Equal(TriageEvidence.Fingerprint(match),
            TriageEvidence.Fingerprint(match with { Explanation = match.Explanation + TriageCarryOver.Marker + "dismissed by X on 2025-01-02 (revision 1): no" }));
    }

    private sealed class OneDevice(Device device) : IDeviceRegistry
    {
        public Task<StoredDevice?> GetAsync(string deviceId, CancellationToken cancellationToken) =>
            Task.FromResult<StoredDevice?>(deviceId == device.Id ? new StoredDevice(device, "e1", null) : null);

        public Task<StoredDevice?> AddAsync(Device added, CancellationToken cancellationToken) => Task.FromResult<StoredDevice?>(null);

        public async IAsyncEnumerable<Device> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return device;
        }
    }

    private sealed class InMemoryMatches : IMatchStore
    {
        public Dictionary<string, StoredMatch> Saved { get; } = new(StringComparer.Ordinal);
        public List<OutboxEntry> Outbox { get; } = [];

        public Task<IReadOnlyDictionary<string, StoredMatch>> GetForAdvisoryAsync(string advisoryId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, StoredMatch>>(Saved.Values.Where(m => m.AdvisoryId == advisoryId).ToDictionary(m => m.DeviceId, StringComparer.Ordinal));

        public Task<IReadOnlyDictionary<string, StoredMatch>> GetForDeviceAsync(string deviceId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, StoredMatch>>(Saved.Values.Where(m => m.DeviceId == deviceId).ToDictionary(m => m.AdvisoryId, StringComparer.Ordinal));

        public Task SaveAsync(StoredMatch match, IReadOnlyList<OutboxEntry> outbox, CancellationToken cancellationToken)
        {
            Saved[match.DeviceId] = match;
            Outbox.AddRange(outbox);
            return Task.CompletedTask;
        }
    }
}
