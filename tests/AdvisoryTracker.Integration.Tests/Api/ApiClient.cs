using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure;

namespace AdvisoryTracker.Integration.Tests.Api;

/// <summary>Calls to the admin API of one local runner, as a client would make them (HTTP on loopback).</summary>
internal sealed class ApiClient(LocalRunner runner)
{
    public LocalRunner Runner => runner;

    public static object Device(string id, string manufacturer = "Mirion Medical", string model = "EC2 Software NMIS BioDose",
        string version = "22.02", string segment = "in-hospital", string department = "Nuclear Medicine", string contact = "nm.lead@example.org") =>
        new { id, manufacturer, model, version, segment, department, contacts = new[] { contact } };

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? json = null, string? key = LocalRunner.FunctionKey,
        string? ifMatch = null, string? principal = null)
    {
        var request = runner.Request(method, path, key);
        if (json is not null)
        {
            request.Content = json as HttpContent ?? (json is string text ? new StringContent(text, Encoding.UTF8, "application/json") : JsonContent.Create(json));
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (principal is not null)
        {
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);
        }

        return await runner.Http.SendAsync(request);
    }

    /// <summary>Registers a device and returns its ETag.</summary>
    public async Task<string> RegisterAsync(object device)
    {
        var response = await SendAsync(HttpMethod.Post, "api/devices", device);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }

    public async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await JsonAsync(await SendAsync(HttpMethod.Get, path));

    /// <summary>Asserts an RFC 9457 problem with the status, no stack trace, and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }

        return problem;
    }

    /// <summary>Stores a real CISA CSAF advisory through the product's sink (which also matches it against registered devices).</summary>
    public async Task StoreAdvisoryAsync(string file)
    {
        var bytes = await File.ReadAllBytesAsync(RepositoryPaths.Fixture("csaf", "icsma", file));
        var read = new CsafReader().Read(bytes);
        Assert.True(read.Succeeded, read.RejectionReason);
        await runner.Get<IAdvisorySink>().StoreAsync(read.Advisory!, bytes, "cisa-test", CancellationToken.None);
    }

    public async Task<int> DeviceCountAsync()
    {
        var count = 0;
        await foreach (var _ in runner.Get<IDeviceRegistry>().ListAllAsync(CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    public Task<int> BackfillAsync() => runner.Get<DeviceBackfillService>().RunAsync(CancellationToken.None);

    public static string Principal(params string[] roles)
    {
        var claims = roles.Select(r => new { typ = "roles", val = r }).Append(new { typ = "name", val = "alex.admin@example.org" });
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    public static MediaTypeHeaderValue Csv => new("text/csv");
}
