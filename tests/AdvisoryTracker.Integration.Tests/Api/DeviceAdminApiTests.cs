using System.Net;
using System.Text.Json;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Remediation;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Api;

public sealed class DeviceAdminApiTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests, IAsyncLifetime
{
    private LocalRunner _runner = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _runner = await LocalRunner.StartAsync(azurite, mail);
        _api = new ApiClient(_runner);
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    private static List<string> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task List_Filters_MatchCaseInsensitivelyAndBySegment()
    {
        await _api.RegisterAsync(ApiClient.Device("bd-1", manufacturer: "BD", model: "Alaris", segment: "in-hospital", department: "ICU"));
        await _api.RegisterAsync(ApiClient.Device("bd-2", manufacturer: "BD", model: "Alaris", segment: "in-home", department: "Home Care"));
        await _api.RegisterAsync(ApiClient.Device("ph-1", manufacturer: "Philips", model: "MX800", segment: "in-hospital", department: "ICU"));

        Assert.Equal(["bd-1", "bd-2"], Ids(await _api.GetJsonAsync("api/devices?manufacturer=bd")));
        Assert.Equal(["bd-2"], Ids(await _api.GetJsonAsync("api/devices?segment=in-home")));
        Assert.Equal(["bd-1", "ph-1"], Ids(await _api.GetJsonAsync("api/devices?department=icu")));
        Assert.Equal(["bd-1"], Ids(await _api.GetJsonAsync("api/devices?manufacturer=BD&department=ICU&segment=in-hospital")));
        Assert.Empty(Ids(await _api.GetJsonAsync("api/devices?manufacturer=B")));
    }

    [Fact]
    public async Task List_Paging_VisitsEveryDeviceOnceWithinThePageSize()
    {
        for (var i = 0; i < 7; i++)
        {
            await _api.RegisterAsync(ApiClient.Device($"dev-{i}"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _api.GetJsonAsync("api/devices?pageSize=3" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            var ids = Ids(page);
            Assert.InRange(ids.Count, 0, 3);
            seen.AddRange(ids);
            token = page.GetProperty("continuationToken").GetString();
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"dev-{i}").Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.InRange(pages, 3, 4);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=abc", "pageSize")]
    [InlineData("segment=on-the-moon", "segment")]
    [InlineData("continuationToken=not*base64", "continuationToken")]
    [InlineData("manufacturer=a&manufacturer=b", "manufacturer")]
    public async Task List_BadParameter_Returns400NamingIt(string query, string field)
    {
        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Get, "api/devices?" + query), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Get_ReturnsDeviceWithETag_And404ForUnknown()
    {
        var etag = await _api.RegisterAsync(ApiClient.Device("pump-7"));

        var response = await _api.SendAsync(HttpMethod.Get, "api/devices/pump-7");
        var body = await _api.JsonAsync(response);

        Assert.Equal(etag, response.Headers.ETag?.ToString());
        Assert.Equal("Mirion Medical", body.GetProperty("manufacturer").GetString());
        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Get, "api/devices/nope"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_WithCurrentETag_ReplacesAndQueuesBackfill_StaleETagIs412_MissingIs428()
    {
        var etag = await _api.RegisterAsync(ApiClient.Device("pump-8"));
        await _api.BackfillAsync();
        var changed = ApiClient.Device("pump-8", version: "23.01", department: "Radiology");

        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Put, "api/devices/pump-8", changed), (HttpStatusCode)428, "If-Match");
        var ok = await _api.SendAsync(HttpMethod.Put, "api/devices/pump-8", changed, ifMatch: etag);
        var body = await _api.JsonAsync(ok);
        Assert.Equal("23.01", body.GetProperty("version").GetString());
        Assert.NotEqual(etag, ok.Headers.ETag?.ToString());
        Assert.Equal(1, await _api.BackfillAsync());

        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Put, "api/devices/pump-8", ApiClient.Device("pump-8", version: "1"), ifMatch: etag),
            HttpStatusCode.PreconditionFailed, "If-Match");
        var stored = await _runner.Get<IDeviceRegistry>().GetAsync("pump-8", CancellationToken.None);
        Assert.Equal("Radiology", stored!.Device.Department);
    }

    [Fact]
    public async Task Put_IdInBodyDiffersFromPath_Returns400AndChangesNothing()
    {
        var etag = await _api.RegisterAsync(ApiClient.Device("pump-9"));

        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Put, "api/devices/pump-9", ApiClient.Device("other", version: "2"), ifMatch: etag),
            HttpStatusCode.BadRequest, "id");

        Assert.Equal("22.02", (await _runner.Get<IDeviceRegistry>().GetAsync("pump-9", CancellationToken.None))!.Device.Version);
    }

    [Fact]
    public async Task Put_InvalidDevice_Returns400WithTheRegistrationRulesAndChangesNothing()
    {
        var etag = await _api.RegisterAsync(ApiClient.Device("pump-10"));

        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Put, "api/devices/pump-10", ApiClient.Device("pump-10", segment: "orbit"), ifMatch: etag),
            HttpStatusCode.BadRequest, "segment");
        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Put, "api/devices/pump-10", "{\"serialNumber\":\"SN1\"}", ifMatch: etag),
            HttpStatusCode.BadRequest, "serialNumber");

        Assert.Equal(etag, (await _runner.Get<IDeviceRegistry>().GetAsync("pump-10", CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task Put_Unknown_Returns404()
    {
        await ApiClient.ProblemAsync(
            await _api.SendAsync(HttpMethod.Put, "api/devices/ghost", ApiClient.Device("ghost"), ifMatch: "W/\"datetime'2025-01-01T00%3A00%3A00.0000000Z'\""),
            HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_ConcurrentWithSameETag_ExactlyOneWins()
    {
        var etag = await _api.RegisterAsync(ApiClient.Device("race-1"));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _api.SendAsync(HttpMethod.Put, "api/devices/race-1", ApiClient.Device("race-1", version: $"v{i}"), ifMatch: etag)));

        Assert.Single(attempts, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(7, attempts.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        var winner = await _api.JsonAsync(attempts.Single(r => r.StatusCode == HttpStatusCode.OK));
        var stored = await _runner.Get<IDeviceRegistry>().GetAsync("race-1", CancellationToken.None);
        Assert.Equal(winner.GetProperty("version").GetString(), stored!.Device.Version);
    }

    [Fact]
    public async Task Delete_WithETag_RemovesDeviceAndItsMatches_StaleIs412_MissingIs428()
    {
        var etag = await _api.RegisterAsync(ApiClient.Device("biodose-1"));
        await _api.StoreAdvisoryAsync("icsma-25-336-01.json");
        await _api.BackfillAsync();
        Assert.NotEmpty(await _runner.Get<IRemediationStore>().ListForDeviceAsync("biodose-1", CancellationToken.None));

        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Delete, "api/devices/biodose-1"), (HttpStatusCode)428);
        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Delete, "api/devices/biodose-1", ifMatch: "W/\"datetime'2020-01-01T00%3A00%3A00Z'\""),
            HttpStatusCode.PreconditionFailed);
        var deleted = await _api.SendAsync(HttpMethod.Delete, "api/devices/biodose-1", ifMatch: etag);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(await _runner.Get<IDeviceRegistry>().GetAsync("biodose-1", CancellationToken.None));
        Assert.Empty(await _runner.Get<IRemediationStore>().ListForDeviceAsync("biodose-1", CancellationToken.None));
        Assert.Empty(await _runner.Get<IRemediationStore>().ListForAdvisoryAsync("ICSMA-25-336-01", CancellationToken.None));
        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Delete, "api/devices/biodose-1", ifMatch: etag), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("export")]
    public async Task Register_RouteNameAsId_Returns400(string id)
    {
        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Post, "api/devices", ApiClient.Device(id)), HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task Register_QueuesBackfillAndDoesNotMatchInTheRequest()
    {
        await _api.StoreAdvisoryAsync("icsma-25-336-01.json");

        await _api.RegisterAsync(ApiClient.Device("biodose-2"));

        Assert.Empty(await _runner.Get<IRemediationStore>().ListForDeviceAsync("biodose-2", CancellationToken.None));
        Assert.Equal(1, await _runner.Get<DeviceBackfillService>().RunAsync(CancellationToken.None));
        Assert.NotEmpty(await _runner.Get<IRemediationStore>().ListForDeviceAsync("biodose-2", CancellationToken.None));
    }
}
