using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Api;

public sealed class DeviceRegistrationApiTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests, IAsyncLifetime
{
    private LocalRunner _runner = null!;

    public async Task InitializeAsync() => _runner = await LocalRunner.StartAsync(azurite, mail);

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    private static object ValidDevice(string id = "pump-1") => new
    {
        id,
        manufacturer = "Medtronic plc",
        model = "MiniMed 630G",
        version = "4.2",
        segment = "on-body",
        department = "Endocrinology",
        contacts = new[] { "endo.lead@example.org" },
    };

    private async Task<HttpResponseMessage> PostAsync(string body, string? key = LocalRunner.FunctionKey, string contentType = "application/json")
    {
        var request = _runner.Request(HttpMethod.Post, "api/devices", key);
        request.Content = new StringContent(body, Encoding.UTF8, contentType);
        return await _runner.Http.SendAsync(request);
    }

    private async Task<int> StoredDeviceCountAsync()
    {
        var count = 0;
        await foreach (var _ in _runner.Get<IDeviceRegistry>().ListAllAsync(CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Register_ValidDevice_Returns201WithLocationAndETagAndStoresIt()
    {
        var response = await PostAsync(JsonSerializer.Serialize(ValidDevice()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/devices/pump-1", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("on-body", body.GetProperty("segment").GetString());
        var stored = await _runner.Get<IDeviceRegistry>().GetAsync("pump-1", CancellationToken.None);
        Assert.Equal("MiniMed 630G", stored?.Device.Model);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Register_MissingOrWrongKey_Returns401AndStoresNothing(string? key)
    {
        var response = await PostAsync(JsonSerializer.Serialize(ValidDevice()), key);

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(0, await StoredDeviceCountAsync());
    }

    [Fact]
    public async Task Register_KeyInCodeQuery_IsAccepted()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/devices?code={LocalRunner.FunctionKey}")
        {
            Content = JsonContent.Create(ValidDevice("by-code")),
        };
        var response = await _runner.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"manufacturer\": ", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("", "body")]
    [InlineData("{\"manufacturer\":\"BD\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\"]}", "model")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"not-an-email\"]}", "contacts[0]")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\\r\\nBcc: x@evil.example\"]}", "contacts[0]")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"on-the-moon\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\"]}", "segment")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[]}", "contacts")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\"],\"serialNumber\":\"SN123\"}", "serialNumber")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"<script>\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\"]}", "model")]
    [InlineData("{\"manufacturer\":42,\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\"]}", "manufacturer")]
    [InlineData("{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\"]}", "id")]
    [InlineData("{\"id\":\"-lead\",\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\"]}", "id")]
    [InlineData("{\"manufacturer\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\"]}", "manufacturer")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"version\":\"1.0;DROP\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\"]}", "version")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"contacts\":[\"a@example.org\"]}", "department")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\\u0000\",\"contacts\":[\"a@example.org\"]}", "department")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a1@example.org\",\"a2@example.org\",\"a3@example.org\",\"a4@example.org\",\"a5@example.org\",\"a6@example.org\",\"a7@example.org\",\"a8@example.org\",\"a9@example.org\",\"a10@example.org\",\"a11@example.org\"]}", "contacts")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"Jane <a@example.org>\"]}", "contacts[0]")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\"],\"fdaProductCode\":\"FRN1\"}", "fdaProductCode")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\"],\"patientName\":\"Jane Doe\"}", "patientName")]
    [InlineData("{\"manufacturer\":\"BD\",\"model\":\"Alaris\",\"segment\":\"in-hospital\",\"department\":\"ICU\",\"contacts\":[\"a@example.org\"],\"mrn\":\"0012345\"}", "mrn")]
    public async Task Register_BadInput_Returns400ProblemNamingTheFieldAndStoresNothing(string body, string field)
    {
        var response = await PostAsync(body);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.DoesNotContain("   at ", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, await StoredDeviceCountAsync());
    }

    [Fact]
    public async Task Register_OversizedBody_Returns400AndStoresNothing()
    {
        var huge = JsonSerializer.Serialize(new { manufacturer = new string('a', 300 * 1024) });

        var response = await PostAsync(huge);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("body", problem.GetProperty("field").GetString());
        Assert.Equal(0, await StoredDeviceCountAsync());
    }

    [Fact]
    public async Task Register_SameIdTwice_Returns409AndKeepsTheFirst()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(JsonSerializer.Serialize(ValidDevice("dup")))).StatusCode);
        var second = JsonSerializer.Serialize(new
        {
            id = "dup", manufacturer = "Philips", model = "IntelliVue MX800", segment = "in-hospital", department = "ICU",
            contacts = new[] { "icu@example.org" },
        });

        var problem = await ProblemAsync(await PostAsync(second), HttpStatusCode.Conflict);

        Assert.Equal("id", problem.GetProperty("field").GetString());
        Assert.Equal("MiniMed 630G", (await _runner.Get<IDeviceRegistry>().GetAsync("dup", CancellationToken.None))?.Device.Model);
    }
}
