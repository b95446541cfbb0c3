using System.Net;
using System.Reflection;
using System.Text.Json;
using AdvisoryTracker.Api;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Functions.Http;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Integration.Tests.Api;

/// <summary>
/// The OpenAPI document, the local runner's route table and the Function App's HTTP triggers describe the same routes,
/// with the same anonymous/keyed split.
/// </summary>
public sealed class OpenApiTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    private static HashSet<string> RouteTable() =>
        ApiRoutes.All.Select(r => $"{r.Method} /{r.Template}").ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Every API [HttpTrigger] in the Functions assembly, as "METHOD /route" relative to /api (host.json's route prefix
    /// is empty so the web console's catch-all function can serve the site root), with its authorisation level.
    /// </summary>
    private static List<(string Route, AuthorizationLevel Level)> FunctionTriggers() =>
        AllTriggers()
            .Where(a => a.Route != ConsoleFunction.Route)
            .SelectMany(a => (a.Methods ?? []).Select(method => ($"{method.ToUpperInvariant()} /{StripApi(a.Route)}", a.AuthLevel)))
            .ToList();

    private static List<HttpTriggerAttribute> AllTriggers() =>
        typeof(ApiFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
            .OfType<HttpTriggerAttribute>()
            .ToList();

    private static string StripApi(string? route)
    {
        Assert.StartsWith("api/", route, StringComparison.Ordinal);
        return route!["api/".Length..];
    }

    [Fact]
    public void TheConsoleCatchAll_IsTheOnlyTriggerOutsideApi_AndCannotShadowIt()
    {
        var outside = AllTriggers().Where(a => a.Route?.StartsWith("api/", StringComparison.Ordinal) != true).ToList();

        var console = Assert.Single(outside);
        Assert.Equal("{*path}", console.Route);
        Assert.Equal(["get", "post"], console.Methods ?? []);
        Assert.All(AdvisoryTracker.Api.Console.ConsoleRoutes.All, r => Assert.False(r.Template.StartsWith("api", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task OpenApi_DescribesExactlyTheRoutesOfTheTableAndTheFunctionApp()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var api = new ApiClient(runner);

        var document = await api.GetJsonAsync("api/openapi.json");

        Assert.Equal("3.1.0", document.GetProperty("openapi").GetString());
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet(StringComparer.Ordinal);
        var functions = FunctionTriggers();
        Assert.Equal(RouteTable().Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        Assert.Equal(RouteTable().Order(StringComparer.Ordinal), functions.Select(f => f.Route).Order(StringComparer.Ordinal));
        Assert.Equal(functions.Count, functions.Select(f => f.Route).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void FunctionTriggers_OnlyHealthAndSignedLinksAreAnonymous_AndTheTableAgrees()
    {
        string[] open = ["GET /act/{id}/{advisoryId}", "GET /health", "POST /act/{id}/{advisoryId}"];
        var anonymousTriggers = FunctionTriggers().Where(f => f.Level == AuthorizationLevel.Anonymous).Select(f => f.Route).Order(StringComparer.Ordinal);
        var anonymousRoutes = ApiRoutes.All.Where(r => r.Permission is ApiPermission.Anonymous or ApiPermission.SignedLink)
            .Select(r => $"{r.Method} /{r.Template}").Order(StringComparer.Ordinal);

        Assert.Equal(open, anonymousTriggers);
        Assert.Equal(open, anonymousRoutes);
        Assert.Equal(["GET /health"], ApiRoutes.All.Where(r => r.Permission == ApiPermission.Anonymous).Select(r => $"{r.Method} /{r.Template}"));
        Assert.All(FunctionTriggers().Where(f => !open.Contains(f.Route)), f => Assert.Equal(AuthorizationLevel.Function, f.Level));
    }

    [Fact]
    public async Task OpenApi_DocumentsPathParametersSecurityAndProblems()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var document = await new ApiClient(runner).GetJsonAsync("api/openapi.json");
        var paths = document.GetProperty("paths");

        var put = paths.GetProperty("/devices/{id}").GetProperty("put");
        var parameters = put.GetProperty("parameters").EnumerateArray().Select(p => $"{p.GetProperty("in").GetString()}:{p.GetProperty("name").GetString()}");
        Assert.Equal(["path:id", "header:If-Match"], parameters);
        Assert.True(put.GetProperty("responses").TryGetProperty("412", out _));
        Assert.Equal(2, put.GetProperty("security").GetArrayLength());
        Assert.Equal(0, paths.GetProperty("/health").GetProperty("get").GetProperty("security").GetArrayLength());
        Assert.Equal(JsonValueKind.False, document.GetProperty("components").GetProperty("schemas").GetProperty("Device").GetProperty("additionalProperties").ValueKind);
        Assert.Equal(HttpStatusCode.Unauthorized, (await new ApiClient(runner).SendAsync(HttpMethod.Get, "api/openapi.json", key: null)).StatusCode);
    }
}
