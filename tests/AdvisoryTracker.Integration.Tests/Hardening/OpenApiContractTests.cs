using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdvisoryTracker.Integration.Tests.Api;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Json.Schema;

namespace AdvisoryTracker.Integration.Tests.Hardening;

/// <summary>
/// Issue #14, the external OpenAPI client run: undocumented 404/409, no response schemas, unstated formats and ranges,
/// empty 404/405/414. The document is checked with JsonSchema.Net (every schema valid JSON Schema 2020-12, as
/// OpenAPI 3.1 requires) and real responses of the running API are validated against the schemas it declares.
/// </summary>
public sealed class OpenApiContractTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    [Fact]
    public async Task OpenApi_EveryResponseHasASchema_ErrorsAreProblems_AndEnforcedRangesAreStated()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var document = JsonNode.Parse(await (await new ApiClient(runner).SendAsync(HttpMethod.Get, "api/openapi.json")).Content.ReadAsStringAsync())!.AsObject();
        var components = document["components"]!["schemas"]!.AsObject();

        Assert.Equal("3.1.0", document["openapi"]!.GetValue<string>());
        foreach (var (name, schema) in components)
        {
            var check = MetaSchemas.Draft202012.Evaluate(JsonSerializer.SerializeToElement(schema), new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(check.IsValid, $"component {name} is not a valid JSON Schema");
        }

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                foreach (var (status, response) in operation!["responses"]!.AsObject())
                {
                    var where = $"{method.ToUpperInvariant()} {path} {status}";
                    if (status == "204")
                    {
                        continue;
                    }

                    var content = Assert.IsType<JsonObject>(response!["content"], exactMatch: false);
                    var (mediaType, media) = Assert.Single(content);
                    Assert.NotNull(media!["schema"]);
                    // The signed-link pages answer people with HTML pages, refusals included.
                    if (status[0] is '4' or '5' && path != "/health" && !path.StartsWith("/act/", StringComparison.Ordinal))
                    {
                        Assert.True(mediaType == "application/problem+json", $"{where} is {mediaType}");
                    }
                }

                foreach (var parameter in operation!["parameters"]!.AsArray())
                {
                    Assert.NotEqual(JsonValueKind.Undefined, JsonSerializer.SerializeToElement(parameter!["schema"]).ValueKind);
                }
            }
        }

        var listDevices = document["paths"]!["/devices"]!["get"]!;
        var pageSize = listDevices["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "pageSize")!["schema"]!;
        Assert.Equal((1, 200), (pageSize["minimum"]!.GetValue<int>(), pageSize["maximum"]!.GetValue<int>()));
        var severity = document["paths"]!["/advisories"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "severity")!["schema"]!;
        Assert.Contains("CRITICAL", severity["enum"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.NotNull(components["Device"]!["properties"]!["fdaSubmissionNumber"]!["pattern"]);
        Assert.NotNull(components["Device"]!["properties"]!["version"]!["pattern"]);
        foreach (var status in new[] { "404", "409", "415", "503" })
        {
            Assert.NotNull(document["paths"]!["/devices"]!["post"]!["responses"]![status == "404" ? "400" : status]);
        }

        Assert.NotNull(document["paths"]!["/devices/{id}"]!["get"]!["responses"]!["404"]);
    }

    [Fact]
    public async Task RealResponses_MatchTheSchemasTheDocumentDeclares()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var api = new ApiClient(runner);
        var document = JsonNode.Parse(await (await api.SendAsync(HttpMethod.Get, "api/openapi.json")).Content.ReadAsStringAsync())!.AsObject();
        await api.RegisterAsync(ApiClient.Device("biodose-1"));
        await api.StoreAdvisoryAsync("icsma-25-336-01.json");
        await api.BackfillAsync();

        var text = new StringContent("{}", Encoding.UTF8);
        text.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        var samples = new (string Method, string Path, string Template, object? Body)[]
        {
            ("POST", "api/devices", "/devices", ApiClient.Device("biodose-2")),
            ("GET", "api/devices?pageSize=1", "/devices", null),
            ("GET", "api/devices/biodose-1", "/devices/{id}", null),
            ("GET", "api/devices/biodose-1/matches", "/devices/{id}/matches", null),
            ("PATCH", "api/devices/biodose-1/matches/ICSMA-25-336-01", "/devices/{id}/matches/{advisoryId}", new { status = "mitigated", by = "pat", note = "segmented" }),
            ("GET", "api/advisories", "/advisories", null),
            ("GET", "api/advisories/ICSMA-25-336-01", "/advisories/{id}", null),
            ("GET", "api/summary/advisories", "/summary/advisories", null),
            ("GET", "api/summary/segments", "/summary/segments", null),
            ("GET", "api/sources", "/sources", null),
            ("GET", "api/health", "/health", null),
            ("GET", "api/devices/no-such-device", "/devices/{id}", null),
            ("GET", "api/devices?pageSize=0", "/devices", null),
            ("GET", "api/advisories?severity=purple", "/advisories", null),
            ("POST", "api/devices", "/devices", ApiClient.Device("biodose-1")),
            ("POST", "api/devices", "/devices", text),
        };

        foreach (var (method, path, template, body) in samples)
        {
            var response = await api.SendAsync(new HttpMethod(method), path, body);
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var declared = document["paths"]![template]![method.ToLowerInvariant()]!["responses"]![status];
            Assert.True(declared is not null, $"{method} {path} answered {status}, which the document does not list");
            var (mediaType, media) = declared!["content"]!.AsObject().Single();
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
            var schema = JsonSchema.FromText(Inline(media!["schema"]!.DeepClone(), document["components"]!["schemas"]!.AsObject()).ToJsonString());
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            Assert.True(result.IsValid, $"{method} {path} ({status}) does not match its schema: " +
                string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        }
    }

    /// <summary>Replaces each <c>{"$ref": "#/components/schemas/X"}</c> by the component itself (the API's schemas are not recursive).</summary>
    private static JsonNode Inline(JsonNode node, JsonObject components)
    {
        switch (node)
        {
            case JsonObject obj when obj.TryGetPropertyValue("$ref", out var reference) && reference is JsonValue:
                var name = reference.GetValue<string>()["#/components/schemas/".Length..];
                return Inline(components[name]!.DeepClone(), components);
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is { } child)
                    {
                        obj[key] = Inline(child.DeepClone(), components);
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        array[i] = Inline(item.DeepClone(), components);
                    }
                }

                return array;
            default:
                return node;
        }
    }
}
