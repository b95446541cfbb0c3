using System.Net;
using System.Text.Json;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Api;

/// <summary>Advisories, matches and remediation on real CISA advisories (ICSMA-25-336-01 affects Mirion BioDose 22.02).</summary>
public sealed class AdvisoryAndRemediationApiTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests, IAsyncLifetime
{
    private const string BioDose = "ICSMA-25-336-01";
    private LocalRunner _runner = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _runner = await LocalRunner.StartAsync(azurite, mail);
        _api = new ApiClient(_runner);
        await _api.RegisterAsync(ApiClient.Device("biodose-1", segment: "in-hospital"));
        await _api.RegisterAsync(ApiClient.Device("biodose-2", segment: "in-clinic", department: "Oncology"));
        await _api.RegisterAsync(ApiClient.Device("pump-1", manufacturer: "Philips", model: "IntelliVue MX800"));
        await _api.BackfillAsync();
        foreach (var file in new[] { "icsma-25-336-01.json", "icsma-24-352-01.json", "icsma-25-037-01.json" })
        {
            await _api.StoreAdvisoryAsync(file);
        }
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    private static List<string> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();

    private Task<HttpResponseMessage> PatchAsync(string device, object body) =>
        _api.SendAsync(HttpMethod.Patch, $"api/devices/{device}/matches/{BioDose}", body);

    [Fact]
    public async Task ListAdvisories_Filters_SinceVendorSeverityExploited()
    {
        Assert.Equal(["ICSMA-24-352-01", "ICSMA-25-037-01", BioDose], Ids(await _api.GetJsonAsync("api/advisories")));
        Assert.Equal(["ICSMA-25-037-01", BioDose], Ids(await _api.GetJsonAsync("api/advisories?since=2025-02-01")));
        Assert.Equal(["ICSMA-24-352-01"], Ids(await _api.GetJsonAsync("api/advisories?vendor=dickinson")));
        Assert.Equal(["ICSMA-25-037-01"], Ids(await _api.GetJsonAsync("api/advisories?severity=medium")));
        Assert.Empty(Ids(await _api.GetJsonAsync("api/advisories?exploited=true")));
        Assert.Equal(3, Ids(await _api.GetJsonAsync("api/advisories?exploited=false")).Count);
    }

    [Theory]
    [InlineData("since=yesterday", "since")]
    [InlineData("severity=APOCALYPTIC", "severity")]
    [InlineData("exploited=maybe", "exploited")]
    [InlineData("pageSize=1000", "pageSize")]
    public async Task ListAdvisories_BadFilter_Returns400NamingIt(string query, string field)
    {
        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Get, "api/advisories?" + query), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task GetAdvisory_HasRevisionsAffectedDevicesAndCounts()
    {
        var advisory = await _api.GetJsonAsync($"api/advisories/{BioDose}");

        Assert.Equal("HIGH", advisory.GetProperty("severity").GetString());
        Assert.Single(advisory.GetProperty("revisions").EnumerateArray());
        var affected = advisory.GetProperty("affectedDevices").EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["biodose-1", "biodose-2"], affected);
        Assert.Equal(2, advisory.GetProperty("remediationCounts").GetProperty("open").GetInt32());
        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Get, "api/advisories/ICSMA-00-000-00"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Remediation_PatchKeepsHistoryAndFeedsSummaries()
    {
        var first = await _api.JsonAsync(await PatchAsync("biodose-1", new { status = "in_progress", note = "Ticket CHG-1234 opened with vendor", by = "sam" }));
        Assert.Equal("in_progress", first.GetProperty("remediation").GetProperty("status").GetString());
        await _api.JsonAsync(await PatchAsync("biodose-1", new { status = "patched", note = "Firmware 23.0 installed", by = "sam" }));

        var matches = await _api.GetJsonAsync("api/devices/biodose-1/matches");
        var match = Assert.Single(matches.GetProperty("items").EnumerateArray());
        Assert.Equal("patched", match.GetProperty("remediation").GetProperty("status").GetString());
        Assert.Equal(["patched", "in_progress"], match.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        Assert.Equal("Firmware 23.0 installed", match.GetProperty("history")[0].GetProperty("note").GetString());

        var byAdvisory = await _api.GetJsonAsync("api/summary/advisories");
        var counts = byAdvisory.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("advisoryId").GetString() == BioDose).GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("patched").GetInt32());
        Assert.Equal(1, counts.GetProperty("open").GetInt32());

        var bySegment = (await _api.GetJsonAsync("api/summary/segments")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("segment").GetString()!, i => i.GetProperty("counts"));
        Assert.Equal(1, bySegment["in-hospital"].GetProperty("patched").GetInt32());
        Assert.Equal(1, bySegment["in-clinic"].GetProperty("open").GetInt32());
        Assert.Equal(0, bySegment["on-body"].GetProperty("open").GetInt32());

        var advisory = await _api.GetJsonAsync($"api/advisories/{BioDose}");
        Assert.Equal(1, advisory.GetProperty("remediationCounts").GetProperty("patched").GetInt32());
    }

    [Theory]
    [InlineData("{\"status\":\"fixed\",\"by\":\"sam\"}", "status", HttpStatusCode.BadRequest)]
    [InlineData("{\"note\":\"x\",\"by\":\"sam\"}", "status", HttpStatusCode.BadRequest)]
    [InlineData("{\"status\":\"patched\"}", "by", HttpStatusCode.BadRequest)]
    [InlineData("{\"status\":\"open\",\"by\":\"sam\"}", "status", HttpStatusCode.Conflict)]
    [InlineData("{\"status\":\"patched\",\"by\":\"sam\",\"patientName\":\"Jane Doe\"}", "patientName", HttpStatusCode.BadRequest)]
    [InlineData("{\"status\":\"patched\",\"by\":\"sam\",\"mrn\":\"123\"}", "mrn", HttpStatusCode.BadRequest)]
    [InlineData("{\"status\":\"patched\",\"by\":\"sam\",\"note\":42}", "note", HttpStatusCode.BadRequest)]
    [InlineData("{\"status\":\"patched\",\"by\":\"sa\\u0000m\"}", "by", HttpStatusCode.BadRequest)]
    public async Task Remediation_BadUpdate_IsRefusedNamingTheFieldAndChangesNothing(string body, string field, HttpStatusCode status)
    {
        await ApiClient.ProblemAsync(await PatchAsync("biodose-1", body), status, field);

        var match = Assert.Single((await _api.GetJsonAsync("api/devices/biodose-1/matches")).GetProperty("items").EnumerateArray());
        Assert.Equal("open", match.GetProperty("remediation").GetProperty("status").GetString());
        Assert.Empty(match.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task Remediation_ConcurrentUpdates_EachIsAppliedOrRefusedAndHistoryMatchesWhatWasApplied()
    {
        var statuses = new[] { "in_progress", "mitigated", "patched", "risk_accepted", "not_affected", "in_progress" };

        var responses = await Task.WhenAll(statuses.Select(s => PatchAsync("biodose-1", new { status = s, by = "sam" })));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var applied = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(applied, 1, statuses.Length);
        var match = Assert.Single((await _api.GetJsonAsync("api/devices/biodose-1/matches")).GetProperty("items").EnumerateArray());
        var history = match.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(applied, history.Count);
        Assert.Equal(history[0].GetProperty("status").GetString(), match.GetProperty("remediation").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Remediation_NoteOverTheCap_Returns400()
    {
        await ApiClient.ProblemAsync(await PatchAsync("biodose-1", new { status = "mitigated", by = "sam", note = new string('n', 1001) }), HttpStatusCode.BadRequest, "note");
    }

    [Fact]
    public async Task Remediation_UnknownMatch_Returns404()
    {
        await ApiClient.ProblemAsync(await PatchAsync("pump-1", new { status = "patched", by = "sam" }), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Get, "api/devices/ghost/matches"), HttpStatusCode.NotFound);
    }
}
