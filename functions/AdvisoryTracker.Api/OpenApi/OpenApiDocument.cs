using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Remediation;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.OpenApi;

/// <summary>The OpenAPI 3 document, generated from <see cref="ApiRoutes.All"/> so it can only describe routes that exist.</summary>
public static partial class OpenApiDocument
{
    private static readonly Lazy<string> Json = new(() => Build(ApiRoutes.All).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public static IResult Result() => Results.Text(Json.Value, "application/json");

    public static JsonObject Build(IReadOnlyList<ApiRoute> routes)
    {
        var paths = new JsonObject();
        foreach (var group in routes.GroupBy(r => "/" + r.Template, StringComparer.Ordinal))
        {
            var item = new JsonObject();
            foreach (var route in group)
            {
                item[route.Method.ToLowerInvariant()] = Operation(route);
            }

            paths[group.Key] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "IoMT Advisory Tracker admin API",
                ["version"] = "1",
                ["description"] = "Device registry, advisories, remediation and operations. Every route except /health needs the function key " +
                    "(x-functions-key header or code query); with App Service Authentication on, reads need Advisory.Reader or Advisory.Admin " +
                    "and writes Advisory.Admin. No field accepts patient data.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/api" }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["functionKeyHeader"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key" },
                    ["functionKeyQuery"] = new JsonObject { ["type"] = "apiKey", ["in"] = "query", ["name"] = "code" },
                },
                ["schemas"] = Schemas(),
            },
        };
    }

    private static JsonObject Schemas()
    {
        var schemas = new JsonObject
                {
                    ["Device"] = DeviceSchema(),
                    ["RemediationUpdate"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["required"] = new JsonArray("status"),
                        ["properties"] = new JsonObject
                        {
                            ["status"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(Enum.GetValues<RemediationStatus>().Select(s => (JsonNode?)s.ToName()).ToArray()) },
                            ["note"] = new JsonObject { ["type"] = "string", ["maxLength"] = RemediationWorkflow.MaxNoteLength, ["description"] = "Device-level facts only. NO patient data." },
                            ["by"] = new JsonObject { ["type"] = "string", ["maxLength"] = RemediationWorkflow.MaxByLength, ["description"] = "Required unless signed in through App Service Authentication (then the principal's name is used)." },
                        },
                    },
                    ["TriageDecision"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["required"] = new JsonArray("decision", "reason"),
                        ["properties"] = new JsonObject
                        {
                            ["decision"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("confirm", "dismiss") },
                            ["reason"] = new JsonObject { ["type"] = "string", ["maxLength"] = Triage.TriageEndpoints.MaxReasonLength, ["description"] = "Why. NO patient data." },
                            ["by"] = new JsonObject { ["type"] = "string", ["maxLength"] = Triage.TriageEndpoints.MaxByLength, ["description"] = "Required unless signed in through App Service Authentication (then the principal's name is used)." },
                        },
                    },
                    ["VendorAlias"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["required"] = new JsonArray("alias", "vendorId"),
                        ["properties"] = new JsonObject
                        {
                            ["alias"] = new JsonObject { ["type"] = "string", ["maxLength"] = Triage.VendorAliasEndpoints.MaxAliasLength },
                            ["vendorId"] = new JsonObject { ["type"] = "string", ["maxLength"] = Triage.VendorAliasEndpoints.MaxVendorIdLength, ["pattern"] = "^[a-z0-9._-]+$" },
                            ["note"] = new JsonObject { ["type"] = "string", ["maxLength"] = Triage.VendorAliasEndpoints.MaxNoteLength },
                            ["by"] = new JsonObject { ["type"] = "string", ["maxLength"] = Triage.TriageEndpoints.MaxByLength },
                        },
                    },
                    ["Problem"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["description"] = "RFC 9457 problem details; 'field' names the offending input, 'correlationId' the log entry of a 500 or 503.",
                        ["required"] = new JsonArray("title", "status"),
                        ["properties"] = new JsonObject
                        {
                            ["type"] = new JsonObject { ["type"] = "string" },
                            ["title"] = new JsonObject { ["type"] = "string" },
                            ["status"] = new JsonObject { ["type"] = "integer", ["minimum"] = 400, ["maximum"] = 599 },
                            ["detail"] = new JsonObject { ["type"] = "string" },
                            ["field"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
                            ["correlationId"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                };
        foreach (var (name, schema) in OpenApiSchemas.Components().ToList())
        {
            schemas[name] = schema?.DeepClone();
        }

        return schemas;
    }

    private static JsonObject Operation(ApiRoute route)
    {
        var parameters = new JsonArray();
        // Advisory ids (advisories/{id}, a dead letter's id) follow the advisory id rule, device ids the registry's.
        var advisoryIds = route.Template.StartsWith("advisories/", StringComparison.Ordinal) || route.Template.StartsWith("notifications/", StringComparison.Ordinal);
        foreach (Match m in PathParameter().Matches(route.Template))
        {
            var name = m.Groups[1].Value;
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = OpenApiSchemas.Parameter(advisoryIds && name == "id" ? "advisoryId" : name) });
        }

        foreach (var name in route.Query)
        {
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["required"] = false, ["schema"] = OpenApiSchemas.Parameter(advisoryIds && name == "id" ? "advisoryId" : name) });
        }

        if (route.Conditional)
        {
            parameters.Add(new JsonObject { ["name"] = "If-Match", ["in"] = "header", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        var responses = new JsonObject
        {
            [route.SuccessStatus.ToString(CultureInfo.InvariantCulture)] = route.ReturnsCsv
                ? new JsonObject { ["description"] = "OK", ["content"] = new JsonObject { ["text/csv"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } } }
                : route.Response is { } response
                    ? new JsonObject { ["description"] = "OK", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = OpenApiSchemas.Ref(response) } } }
                    : new JsonObject { ["description"] = route.SuccessStatus == 204 ? "No content" : "OK" },
        };
        var problems = new List<(int Status, string Description)> { (400, "Bad input (the problem names the field)") };
        if (route.ReturnsHtml)
        {
            foreach (var (status, description) in new[] { (200, "An HTML page"), (400, "Incomplete link or form (HTML page)"), (403, "Tampered link, or one for another device or advisory (HTML page)"), (404, "Device or match gone, or links turned off (HTML page)"), (409, "The change is not possible from the current status (HTML page)"), (410, "The link has expired (HTML page)") })
            {
                responses[status.ToString(CultureInfo.InvariantCulture)] = new JsonObject { ["description"] = description, ["content"] = new JsonObject { ["text/html"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } } };
            }

            problems.Clear();
        }
        else if (route.Permission is not (ApiPermission.Anonymous or ApiPermission.SignedLink))
        {
            problems.Add((401, "No or wrong function key, or no principal when roles are required"));
            problems.Add((403, route.Permission == ApiPermission.Write ? "Needs Advisory.Admin" : "Needs Advisory.Reader or Advisory.Admin"));
        }

        if ((route.Template.Contains('{', StringComparison.Ordinal) || route.Template == "notifications/dead-letters/replay") && !route.ReturnsHtml)
        {
            problems.Add((404, "Not found"));
        }

        if (route.MayConflict)
        {
            problems.Add((409, "The id is already used"));
        }

        if (route.Conditional)
        {
            problems.Add((412, "The If-Match ETag is stale"));
            problems.Add((428, "If-Match is missing"));
        }

        problems.Add((414, "The path and query are too long"));
        if (route.Body != ApiBody.None)
        {
            problems.Add((415, route.Body == ApiBody.DeviceCsv ? "The body is not text/csv" : "The body is not application/json"));
        }

        problems.Add((500, "Unexpected error (logged with the correlationId given in the problem)"));
        if (route.Template != "health")
        {
            problems.Add((503, "Storage unreachable or the request's time limit reached: retry after Retry-After seconds (an import also reports stored, total, firstLineNotStored, backfillQueued)"));
        }

        if (route.Template == "health")
        {
            responses["503"] = new JsonObject
            {
                ["description"] = "Storage is not reachable (with Retry-After)",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = OpenApiSchemas.Ref("Health") } },
            };
        }

        foreach (var (status, description) in problems)
        {
            responses[status.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["description"] = description,
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
            };
        }

        var operation = new JsonObject
        {
            ["operationId"] = OperationId(route),
            ["summary"] = route.Summary,
            ["parameters"] = parameters,
            ["responses"] = responses,
            ["security"] = route.Permission is ApiPermission.Anonymous or ApiPermission.SignedLink
                ? new JsonArray()
                : new JsonArray(new JsonObject { ["functionKeyHeader"] = new JsonArray() }, new JsonObject { ["functionKeyQuery"] = new JsonArray() }),
        };
        if (route.Body != ApiBody.None)
        {
            var (mediaType, schema) = route.Body switch
            {
                ApiBody.ActionForm => ("application/x-www-form-urlencoded", (JsonNode)new JsonObject
                {
                    ["type"] = "object",
                    ["required"] = new JsonArray("t", "do"),
                    ["properties"] = new JsonObject
                    {
                        ["t"] = new JsonObject { ["type"] = "string", ["description"] = "The signed token from the email link" },
                        ["do"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(EmailActions.All.Select(a => (JsonNode?)a.ToName()).ToArray()) },
                    },
                }),
                ApiBody.DeviceCsv => ("text/csv", (JsonNode)new JsonObject { ["type"] = "string", ["description"] = "Header: id,manufacturer,model,version,segment,department,contacts[,fdaProductCode,fdaSubmissionNumber,patientCount,prescribers]; contacts and prescribers separated by ';'; patientCount a whole number (a count, never identities)." }),
                ApiBody.Device => ("application/json", new JsonObject { ["$ref"] = "#/components/schemas/Device" }),
                ApiBody.TriageDecision => ("application/json", new JsonObject { ["$ref"] = "#/components/schemas/TriageDecision" }),
                ApiBody.VendorAlias => ("application/json", new JsonObject { ["$ref"] = "#/components/schemas/VendorAlias" }),
                _ => ("application/json", new JsonObject { ["$ref"] = "#/components/schemas/RemediationUpdate" }),
            };
            operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = new JsonObject { [mediaType] = new JsonObject { ["schema"] = schema } } };
        }

        return operation;
    }

    private static JsonObject DeviceSchema()
    {
        static JsonObject Text(int max, string? pattern = null)
        {
            var schema = new JsonObject { ["type"] = "string", ["maxLength"] = max };
            if (pattern is not null)
            {
                schema["pattern"] = pattern;
            }

            return schema;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["description"] = "A device model. No serial numbers, patient names or MRNs: unknown fields are refused.",
            ["required"] = new JsonArray("manufacturer", "model", "segment", "department", "contacts"),
            ["properties"] = new JsonObject
            {
                ["id"] = Text(Domain.Devices.DeviceValidator.MaxIdLength, "^[A-Za-z0-9][A-Za-z0-9._-]*$"),
                ["manufacturer"] = Text(Domain.Devices.DeviceValidator.MaxNameLength, @"^[\p{L}\p{M}\p{N} .,&()'/+#-]+$"),
                ["model"] = Text(Domain.Devices.DeviceValidator.MaxNameLength, @"^[\p{L}\p{M}\p{N} .,&()'/+#-]+$"),
                ["version"] = Text(Domain.Devices.DeviceValidator.MaxVersionLength, @"^[\p{L}\p{N} ._+/():-]+$"),
                ["segment"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("on-body", "in-home", "community", "in-clinic", "in-hospital") },
                ["department"] = Text(Domain.Devices.DeviceValidator.MaxNameLength),
                ["contacts"] = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["type"] = "string", ["format"] = "email" } },
                ["fdaProductCode"] = Text(3, "^[A-Za-z]{3}$"),
                ["fdaSubmissionNumber"] = Text(16, "^(?:[Kk]\\d{6}|[Dd][Ee][Nn]\\d{6}|[Pp]\\d{6}(?:/[Ss]\\d{3})?)$"),
                ["patientCount"] = new JsonObject { ["type"] = new JsonArray("integer", "null"), ["minimum"] = 0, ["maximum"] = Domain.Devices.DeviceValidator.MaxPatientCount, ["description"] = "How many patients use this model (a count, never identities)" },
                ["prescribers"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string", ["format"] = "email" }, ["description"] = "Prescribing clinicians, notified like contacts" },
            },
        };
    }

    private static string OperationId(ApiRoute route)
    {
        var words = route.Template.Split('/', '.', '-').Where(w => w.Length > 0)
            .Select(w => w.StartsWith('{') ? "By" + Capital(w.Trim('{', '}')) : Capital(w));
        return route.Method.ToLowerInvariant() + string.Concat(words);
    }

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    [GeneratedRegex(@"\{([A-Za-z]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex PathParameter();
}
