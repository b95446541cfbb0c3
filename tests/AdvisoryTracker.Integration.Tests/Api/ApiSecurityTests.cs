using System.Net;
using System.Text.Json;
using AdvisoryTracker.Api;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Api;

/// <summary>
/// The auth matrix for every route in <see cref="ApiRoutes.All"/> (a new route is covered without touching this file):
/// no key, wrong key, no principal, a reader on a write, a reader on a read, an admin.
/// </summary>
public sealed class ApiSecurityTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    public static TheoryData<string, string> Routes()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in ApiRoutes.All)
        {
            data.Add(route.Method, route.Template);
        }

        return data;
    }

    private static ApiRoute Find(string method, string template) => ApiRoutes.All.Single(r => r.Method == method && r.Template == template);

    private static string Path(ApiRoute route) =>
        "api/" + route.Template.Replace("{id}", "sec-1", StringComparison.Ordinal).Replace("{advisoryId}", "ICSMA-25-336-01", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> CallAsync(ApiClient api, ApiRoute route, string? key, string? principal = null) =>
        await api.SendAsync(new HttpMethod(route.Method), Path(route), route.Method is "GET" or "DELETE" ? null : "{}", key, ifMatch: "\"x\"", principal: principal);

    /// <summary>Passed authorisation: not 401/403, and no 5xx except "not available" for a service this deployment lacks.</summary>
    private static async Task AssertAuthorisedAsync(HttpResponseMessage response, ApiRoute route)
    {
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        if ((int)response.StatusCode >= 500)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable && text.Contains("Not available", StringComparison.Ordinal),
                $"{route.Method} {route.Template} answered {(int)response.StatusCode}: {text}");
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_KeyOnly_RefusesNoKeyAndWrongKey_AcceptsTheKey(string method, string template)
    {
        var route = Find(method, template);
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var api = new ApiClient(runner);

        foreach (var key in new[] { null, "wrong-key", LocalRunner.FunctionKey + "x", "" })
        {
            var response = await CallAsync(api, route, key);
            if (route.Permission is ApiPermission.Anonymous or ApiPermission.SignedLink)
            {
                await AssertAuthorisedAsync(response, route);
            }
            else
            {
                await ApiClient.ProblemAsync(response, HttpStatusCode.Unauthorized);
            }
        }

        await AssertAuthorisedAsync(await CallAsync(api, route, LocalRunner.FunctionKey), route);
        Assert.Equal(0, await api.DeviceCountAsync());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_RolesRequired_NoPrincipalIs401_ReaderOnWriteIs403_ReaderReadsAndAdminDoesAll(string method, string template)
    {
        var route = Find(method, template);
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?> { ["Api:RequireRoles"] = "true", ["WEBSITE_AUTH_ENABLED"] = "True" });
        var api = new ApiClient(runner);
        var reader = ApiClient.Principal(ApiRoles.Reader);
        var admin = ApiClient.Principal(ApiRoles.Admin);
        var nobody = ApiClient.Principal("Some.Other.Role");

        if (route.Permission is ApiPermission.Anonymous or ApiPermission.SignedLink)
        {
            await AssertAuthorisedAsync(await CallAsync(api, route, key: null), route);
            return;
        }

        await ApiClient.ProblemAsync(await CallAsync(api, route, LocalRunner.FunctionKey), HttpStatusCode.Unauthorized);
        await ApiClient.ProblemAsync(await CallAsync(api, route, LocalRunner.FunctionKey, "not base64!"), HttpStatusCode.Unauthorized);
        await ApiClient.ProblemAsync(await CallAsync(api, route, LocalRunner.FunctionKey, nobody), HttpStatusCode.Forbidden);
        await ApiClient.ProblemAsync(await CallAsync(api, route, key: null, admin), HttpStatusCode.Unauthorized);
        var asReader = await CallAsync(api, route, LocalRunner.FunctionKey, reader);
        if (route.Permission == ApiPermission.Write)
        {
            await ApiClient.ProblemAsync(asReader, HttpStatusCode.Forbidden);
        }
        else
        {
            await AssertAuthorisedAsync(asReader, route);
        }

        Assert.Equal(0, await api.DeviceCountAsync());
        await AssertAuthorisedAsync(await CallAsync(api, route, LocalRunner.FunctionKey, admin), route);
    }

    [Fact]
    public async Task Remediation_SignedInPrincipal_IsRecordedAsByOverTheBody()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?> { ["Api:RequireRoles"] = "true", ["WEBSITE_AUTH_ENABLED"] = "True" });
        var api = new ApiClient(runner);
        var admin = ApiClient.Principal(ApiRoles.Admin);
        var register = await api.SendAsync(HttpMethod.Post, "api/devices", ApiClient.Device("biodose-1"), principal: admin);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        await api.StoreAdvisoryAsync("icsma-25-336-01.json");
        await api.BackfillAsync();

        var response = await api.SendAsync(HttpMethod.Patch, "api/devices/biodose-1/matches/ICSMA-25-336-01",
            new { status = "mitigated", by = "someone-else", note = "Network segmented" }, principal: admin);

        var match = await api.JsonAsync(response);
        Assert.Equal("alex.admin@example.org", match.GetProperty("remediation").GetProperty("by").GetString());
    }

    [Fact]
    public async Task Health_Anonymous_RevealsOnlyStatus()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var api = new ApiClient(runner);

        var response = await api.SendAsync(HttpMethod.Get, "api/health", key: null);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(["status", "storage"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ok", document.RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(runner.NamePrefix, text, StringComparison.OrdinalIgnoreCase);
    }
}
