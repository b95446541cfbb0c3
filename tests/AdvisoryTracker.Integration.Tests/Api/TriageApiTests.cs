using System.Net;
using System.Text.Json;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Vendors;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Api;

/// <summary>
/// Triage through the real HTTP API of the local runner, on Azurite: the queue, confirm/dismiss with who/when/why,
/// carry-over to a later revision unless the evidence changes, the alias a confirmation teaches, and installation
/// vendor aliases that the matcher uses without a deploy. The real CISA advisory ICSMA-25-336-01 (Mirion Medical).
/// </summary>
public sealed class TriageApiTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests, IAsyncLifetime
{
    private const string BioDose = "ICSMA-25-336-01";
    private LocalRunner _runner = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _runner = await LocalRunner.StartAsync(azurite, mail);
        _api = new ApiClient(_runner);
        await _api.RegisterAsync(ApiClient.Device("biodose-1"));
        await _api.RegisterAsync(ApiClient.Device("abbott-1", manufacturer: "Abbott", model: "NMIS BioDose workstation"));
        await _api.BackfillAsync();
        await _api.StoreAdvisoryAsync("icsma-25-336-01.json");
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    /// <summary>
    /// A possibly_affected match as the matcher stores it (through the real match store), for a device registered
    /// under another catalogue vendor: the kind of pair whose confirmation teaches an alias.
    /// </summary>
    private Task StorePossibleMatchAsync(string revision, string versionRule) =>
        _runner.Get<IMatchStore>().SaveAsync(
            new StoredMatch("abbott-1", BioDose, revision, MatchStatus.PossiblyAffected, 0.35,
                $"vendor: advisory names Mirion Medical; product: 'NMIS BioDose' in the title; {versionRule}; remediation: none given",
                "v1;status=possibly_affected;cats=;ranges=" + (versionRule.Length % 7), HasVendorFix: false),
            [],
            CancellationToken.None);

    private async Task<List<(string Device, string Advisory, JsonElement Item)>> QueueAsync() =>
        [.. (await _api.GetJsonAsync("api/triage")).GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("deviceId").GetString()!, i.GetProperty("advisoryId").GetString()!, i))];

    private Task<HttpResponseMessage> DecideAsync(string device, string advisory, object body) =>
        _api.SendAsync(HttpMethod.Put, $"api/devices/{Uri.EscapeDataString(device)}/matches/{Uri.EscapeDataString(advisory)}/triage", body);

    [Fact]
    public async Task Confirm_LeavesTheQueue_CarriesOverToARevision_ReturnsWhenEvidenceChanges_AndSuggestsTheAlias()
    {
        await StorePossibleMatchAsync("1", "version: unknown");
        Assert.Contains(await QueueAsync(), q => q is ("abbott-1", BioDose, _));

        var decided = await _api.JsonAsync(await DecideAsync("abbott-1", BioDose, new { decision = "confirm", reason = "Vendor letter says the workstation runs BioDose 22", by = "sam.reviewer" }));
        Assert.Equal("confirmed", decided.GetProperty("decision").GetString());
        Assert.Equal("sam.reviewer", decided.GetProperty("by").GetString());
        Assert.Equal("Vendor letter says the workstation runs BioDose 22", decided.GetProperty("reason").GetString());
        Assert.True(decided.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.StartsWith("e1:", decided.GetProperty("evidenceFingerprint").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await QueueAsync(), q => q is ("abbott-1", BioDose, _));

        // The confirmation taught that "Mirion Medical" names the device's manufacturer (Abbott here): offered to the catalogue.
        var suggested = (await _api.GetJsonAsync("api/vendors/aliases/suggested")).GetProperty("items").EnumerateArray().ToList();
        var suggestion = Assert.Single(suggested, s => s.GetProperty("alias").GetString() == "Mirion Medical");
        Assert.Equal("abbott", suggestion.GetProperty("vendorId").GetString());
        Assert.Equal("abbott-1", Assert.Single(suggestion.GetProperty("confirmations").EnumerateArray()).GetProperty("deviceId").GetString());

        // Revision 2 with the same evidence: the decision still holds.
        await StorePossibleMatchAsync("2", "version: unknown");
        Assert.DoesNotContain(await QueueAsync(), q => q is ("abbott-1", BioDose, _));

        // Revision 3 changes the evidence for this device: back in the queue, with the old decision shown.
        await StorePossibleMatchAsync("3", "version: device version unknown, advisory now names versions before 2024-01-01");
        var back = Assert.Single(await QueueAsync(), q => q is ("abbott-1", BioDose, _)).Item;
        Assert.Equal("3", back.GetProperty("revision").GetString());
        Assert.Equal("confirmed", back.GetProperty("previousDecision").GetProperty("decision").GetString());

        // Dismissing it records the new verdict; the alias is no longer suggested once the installation adds it.
        var dismissed = await _api.JsonAsync(await DecideAsync("abbott-1", BioDose, new { decision = "dismiss", reason = "Workstation retired", by = "kim" }));
        Assert.Equal("dismissed", dismissed.GetProperty("decision").GetString());
        Assert.DoesNotContain(await QueueAsync(), q => q is ("abbott-1", BioDose, _));
    }

    [Fact]
    public async Task Decide_BadInput_IsAProblemNeverA5xx()
    {
        await StorePossibleMatchAsync("1", "version: unknown");
        await ApiClient.ProblemAsync(await DecideAsync("abbott-1", BioDose, new { decision = "maybe", reason = "x", by = "sam" }), HttpStatusCode.BadRequest, "decision");
        await ApiClient.ProblemAsync(await DecideAsync("abbott-1", BioDose, new { decision = "dismiss", by = "sam" }), HttpStatusCode.BadRequest, "reason");
        await ApiClient.ProblemAsync(await DecideAsync("abbott-1", BioDose, new { decision = "dismiss", reason = "x" }), HttpStatusCode.BadRequest, "by");
        await ApiClient.ProblemAsync(await DecideAsync("abbott-1", BioDose, new { decision = "dismiss", reason = "x", by = "sam", verdict = "x" }), HttpStatusCode.BadRequest, "verdict");
        // An affected match is not triaged.
        var affected = (await _api.GetJsonAsync("api/devices/biodose-1/matches")).GetProperty("items")[0];
        Assert.Equal("affected", affected.GetProperty("matchStatus").GetString());
        await ApiClient.ProblemAsync(await DecideAsync("biodose-1", BioDose, new { decision = "dismiss", reason = "x", by = "sam" }), HttpStatusCode.Conflict, "decision");
        // Injection-shaped ids are keys, not query text.
        await ApiClient.ProblemAsync(await DecideAsync("abbott-1", "X' or PartitionKey ne '", new { decision = "dismiss", reason = "x", by = "sam" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task InstallationAlias_IsAuditedAndUsedByTheMatcherWithoutADeploy()
    {
        var advisory = (await _runner.Get<IAdvisoryStore>().GetAsync(BioDose, CancellationToken.None))!.Advisory;
        var device = new Device
        {
            Id = "acme-1", Manufacturer = "Acme Nuclear Imaging", Model = "EC2 Software NMIS BioDose", Version = "22.02",
            Segment = CareSegment.InHospital, Department = "Nuclear Medicine", Contacts = ["nm@example.org"],
        };
        var matcher = _runner.Get<IAdvisoryMatcher>();
        Assert.DoesNotContain(matcher.Match(advisory, [device]), m => m.Status.IsFlagged());

        // Mirion is not in the shipped catalogue: the alias creates the vendor "mirion", which the advisory's
        // "Mirion Medical" resolves to as well.
        Assert.False(VendorCatalogue.Default.Resolve("Mirion Medical")[0].InCatalogue);
        const string vendorId = "mirion";
        var added = await _api.JsonAsync(
            await _api.SendAsync(HttpMethod.Post, "api/vendors/aliases", new { alias = "Acme Nuclear Imaging", vendorId, note = "Mirion's distributor name on our purchase orders", by = "sam" }),
            HttpStatusCode.Created);
        Assert.Equal("sam", added.GetProperty("by").GetString());
        var listed = Assert.Single((await _api.GetJsonAsync("api/vendors/aliases")).GetProperty("items").EnumerateArray(), a => a.GetProperty("alias").GetString() == "Acme Nuclear Imaging");
        Assert.Equal(vendorId, listed.GetProperty("vendorId").GetString());
        Assert.True(listed.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));

        Assert.Contains(matcher.Match(advisory, [device]), m => m.Status == MatchStatus.Affected);

        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Post, "api/vendors/aliases", new { alias = "x", vendorId = "Not An Id", by = "sam" }), HttpStatusCode.BadRequest, "vendorId");
        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Post, "api/vendors/aliases", new { vendorId, by = "sam" }), HttpStatusCode.BadRequest, "alias");
    }
}
