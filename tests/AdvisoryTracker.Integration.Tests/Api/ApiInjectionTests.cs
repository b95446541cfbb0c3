using System.Net;
using System.Text;
using System.Text.Json;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Remediation;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Api;

/// <summary>
/// Query-steering and key-breaking strings in every filter and every id: never a 5xx, never a row that the filter
/// should not return, never a change to stored data.
/// </summary>
public sealed class ApiInjectionTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests, IAsyncLifetime
{
    private static readonly string[] Attacks =
    [
        "' or PartitionKey ne '",
        "') or (PartitionKey ne '",
        "x' or RowKey gt '",
        "%27",
        "%2527",
        "/",
        "..%2F..",
        "\\",
        "#",
        "?",
        "~",
        "\u0000",
        "a\u0000b",
        "\r\nx-functions-key: y",
        "*",
        new string('a', 2000),
        new string('\'', 300),
        new string('\'', 200),
        new string('#', 199),
        "ICSMA-25-336-01' or '1' eq '1",
    ];

    private static readonly string[] Filters =
    [
        "api/devices?manufacturer=", "api/devices?department=", "api/devices?segment=", "api/devices?pageSize=",
        "api/devices?continuationToken=", "api/advisories?vendor=", "api/advisories?severity=", "api/advisories?since=",
        "api/advisories?exploited=", "api/advisories?continuationToken=", "api/advisories?pageSize=",
        "api/notifications/dead-letters?max=",
    ];

    private static readonly string[] IdPaths =
    [
        "api/devices/{0}", "api/devices/{0}/matches", "api/advisories/{0}",
    ];

    private LocalRunner _runner = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _runner = await LocalRunner.StartAsync(azurite, mail);
        _api = new ApiClient(_runner);
        await _api.RegisterAsync(ApiClient.Device("biodose-1"));
        await _api.RegisterAsync(ApiClient.Device("pump-1", manufacturer: "BD", model: "Alaris"));
        await _api.BackfillAsync();
        await _api.StoreAdvisoryAsync("icsma-25-336-01.json");
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    public static TheoryData<int> AttackIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Attacks.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static async Task AssertNot5xxAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{what} answered {(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AttackIndexes))]
    public async Task Filters_AttackValue_IsRefusedOrMatchesNothing(int index)
    {
        var attack = Attacks[index];
        foreach (var filter in Filters)
        {
            var response = await _api.SendAsync(HttpMethod.Get, filter + Uri.EscapeDataString(attack));
            await AssertNot5xxAsync(response, filter);
            if (response.StatusCode == HttpStatusCode.OK && filter.Contains("=", StringComparison.Ordinal) && !filter.EndsWith("pageSize=", StringComparison.Ordinal))
            {
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.True(body.RootElement.GetProperty("items").GetArrayLength() == 0, $"{filter}{attack} returned rows");
            }
            else
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            }
        }

        await AssertNothingChangedAsync();
    }

    [Theory]
    [MemberData(nameof(AttackIndexes))]
    public async Task Ids_AttackValue_IsRefusedOrNotFound(int index)
    {
        var attack = Uri.EscapeDataString(Attacks[index]);
        foreach (var template in IdPaths)
        {
            var response = await _api.SendAsync(HttpMethod.Get, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, attack));
            await AssertNot5xxAsync(response, template);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{template} with {attack}: {(int)response.StatusCode}");
        }

        var writes = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Put, $"api/devices/{attack}", ApiClient.Device("x-1")),
            (HttpMethod.Delete, $"api/devices/{attack}", null),
            (HttpMethod.Patch, $"api/devices/{attack}/matches/ICSMA-25-336-01", new { status = "patched", by = "sam" }),
            (HttpMethod.Patch, $"api/devices/biodose-1/matches/{attack}", new { status = "patched", by = "sam" }),
        };
        foreach (var (method, path, body) in writes)
        {
            var response = await _api.SendAsync(method, path, body, ifMatch: "W/\"datetime'2025-01-01T00%3A00%3A00Z'\"");
            await AssertNot5xxAsync(response, $"{method} {path}");
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed,
                $"{method} {path}: {(int)response.StatusCode}");
        }

        await AssertNothingChangedAsync();
    }

    [Theory]
    [MemberData(nameof(AttackIndexes))]
    public async Task RegisterAndImport_AttackInId_IsRefusedAndStoresNothing(int index)
    {
        var attack = Attacks[index];
        await ApiClient.ProblemAsync(await _api.SendAsync(HttpMethod.Post, "api/devices", ApiClient.Device(attack)), HttpStatusCode.BadRequest, "id");

        var csv = "id,manufacturer,model,version,segment,department,contacts\n\"" + attack.Replace("\"", "\"\"", StringComparison.Ordinal) +
            "\",BD,Alaris,1,in-hospital,ICU,a@example.org\n";
        var import = await _api.SendAsync(HttpMethod.Post, "api/devices/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        await ApiClient.ProblemAsync(import, HttpStatusCode.BadRequest);

        await AssertNothingChangedAsync();
    }

    /// <summary>A continuation token that decodes but names a position storage never issued is a 400, not a 5xx.</summary>
    [Theory]
    [InlineData("' or 1 eq 1")]
    [InlineData("device zz")]
    [InlineData("x")]
    public async Task ContinuationToken_WellFormedButForged_IsRefusedOrHarmless(string forged)
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(forged)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        foreach (var list in new[] { "api/devices", "api/advisories" })
        {
            var response = await _api.SendAsync(HttpMethod.Get, $"{list}?continuationToken={token}");
            await AssertNot5xxAsync(response, list);
        }
    }

    private async Task AssertNothingChangedAsync()
    {
        var ids = new List<string>();
        await foreach (var device in _runner.Get<IDeviceRegistry>().ListAllAsync(CancellationToken.None))
        {
            ids.Add(device.Id);
        }

        Assert.Equal(["biodose-1", "pump-1"], ids.Order(StringComparer.Ordinal));
        var match = Assert.Single(await _runner.Get<IRemediationStore>().ListForDeviceAsync("biodose-1", CancellationToken.None));
        Assert.Empty(match.History);
    }
}
