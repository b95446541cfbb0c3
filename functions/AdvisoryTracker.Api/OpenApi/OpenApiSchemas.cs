using System.Text.Json.Nodes;
using AdvisoryTracker.Api.Advisories;
using AdvisoryTracker.Api.Http;
using AdvisoryTracker.Api.Operations;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Api.OpenApi;

/// <summary>
/// The JSON Schemas (OpenAPI 3.1, JSON Schema 2020-12) of the API's response bodies and parameters: what a client may
/// rely on and what the API enforces (formats, enums, ranges), kept next to the constants the code enforces.
/// </summary>
internal static class OpenApiSchemas
{
    public static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    private static JsonObject Str(int? maxLength = null, string? format = null, string? pattern = null, bool nullable = false)
    {
        var schema = new JsonObject { ["type"] = nullable ? new JsonArray("string", "null") : "string" };
        if (maxLength is { } max)
        {
            schema["maxLength"] = max;
        }

        if (format is not null)
        {
            schema["format"] = format;
        }

        if (pattern is not null)
        {
            schema["pattern"] = pattern;
        }

        return schema;
    }

    private static JsonObject Type(string type, bool nullable = false) => new() { ["type"] = nullable ? new JsonArray(type, "null") : type };

    private static JsonObject Array(JsonNode items) => new() { ["type"] = "array", ["items"] = items };

    private static JsonObject Items(JsonObject item) => Object(new JsonObject { ["items"] = new JsonObject { ["type"] = "array", ["items"] = item } }, "items");

    private static JsonObject Object(JsonObject properties, params string[] required) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray(required.Select(r => (JsonNode?)r).ToArray()),
        ["properties"] = properties,
    };

    private static JsonObject Enum(IEnumerable<string> values, bool nullable = false)
    {
        var items = values.Select(v => (JsonNode?)v).ToList();
        if (nullable)
        {
            items.Add(null);
        }

        return new JsonObject { ["type"] = nullable ? new JsonArray("string", "null") : "string", ["enum"] = new JsonArray(items.ToArray()) };
    }

    private static JsonObject Counts() => new() { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 } };

    private static JsonObject Paged(string item) => Object(new JsonObject
    {
        ["items"] = Array(Ref(item)),
        ["continuationToken"] = Str(4096, nullable: true),
    }, "items");

    private static readonly string[] MatchStatuses = [.. System.Enum.GetValues<Domain.Matching.MatchStatus>().Select(s => s.ToName())];

    /// <summary>Every response schema, by component name.</summary>
    public static JsonObject Components() => new()
    {
        ["StoredDevice"] = Object(new JsonObject
        {
            ["id"] = Str(DeviceValidator.MaxIdLength, pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$"),
            ["manufacturer"] = Str(DeviceValidator.MaxNameLength),
            ["model"] = Str(DeviceValidator.MaxNameLength),
            ["version"] = Str(DeviceValidator.MaxVersionLength, nullable: true),
            ["segment"] = Enum(CareSegments.ByName.Keys),
            ["department"] = Str(DeviceValidator.MaxNameLength),
            ["contacts"] = new JsonObject { ["type"] = "array", ["items"] = Str(format: "email"), ["description"] = "Advisory.Admin only (absent for Advisory.Reader)." },
            ["contactCount"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
            ["fdaProductCode"] = Str(3, nullable: true),
            ["fdaSubmissionNumber"] = Str(16, nullable: true),
            ["patientCount"] = new JsonObject { ["type"] = new JsonArray("integer", "null"), ["minimum"] = 0, ["description"] = "How many patients use this model (a count, never identities)." },
            ["prescribers"] = new JsonObject { ["type"] = "array", ["items"] = Str(format: "email"), ["description"] = "Advisory.Admin only (absent for Advisory.Reader)." },
            ["prescriberCount"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
            ["etag"] = Str(),
            ["updatedAt"] = Str(format: "date-time", nullable: true),
        }, "id", "manufacturer", "model", "segment", "department", "contactCount", "etag"),
        ["DeviceList"] = Paged("StoredDevice"),
        ["TriageRecord"] = Object(new JsonObject
        {
            ["deviceId"] = Str(),
            ["advisoryId"] = Str(),
            ["decision"] = Enum(["confirmed", "dismissed"]),
            ["by"] = Str(),
            ["at"] = Str(format: "date-time"),
            ["reason"] = Str(),
            ["revision"] = Str(),
        }, "deviceId", "advisoryId", "decision", "by", "at", "reason"),
        ["TriageQueue"] = Items(Object(new JsonObject
        {
            ["deviceId"] = Str(),
            ["advisoryId"] = Str(),
            ["revision"] = Str(),
            ["confidence"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
            ["explanation"] = Str(),
            ["previousDecision"] = new JsonObject { ["type"] = new JsonArray("object", "null") },
        }, "deviceId", "advisoryId")),
        ["VendorAliasList"] = Items(Object(new JsonObject
        {
            ["alias"] = Str(),
            ["vendorId"] = Str(),
        }, "alias", "vendorId")),
        ["VendorAliasRecord"] = Object(new JsonObject { ["alias"] = Str(), ["vendorId"] = Str() }, "alias", "vendorId"),
        ["SuggestedAliasList"] = Items(Object(new JsonObject
        {
            ["alias"] = Str(),
            ["vendorId"] = Str(),
            ["confirmations"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
        }, "alias", "vendorId")),
        ["ImportReport"] = Object(new JsonObject
        {
            ["stored"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
            ["total"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
            ["firstLineNotStored"] = Type("integer", nullable: true),
            ["backfillQueued"] = Type("boolean"),
        }, "stored", "total", "backfillQueued"),
        ["Match"] = Object(new JsonObject
        {
            ["deviceId"] = Str(DeviceValidator.MaxIdLength),
            ["advisoryId"] = Str(AdvisoryIds.MaxLength),
            ["revision"] = Str(AdvisoryLimits.MaxRevisionLength),
            ["matchStatus"] = Enum(MatchStatuses),
            ["confidence"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
            ["explanation"] = Str(),
            ["hasVendorFix"] = Type("boolean"),
            ["remediation"] = Object(new JsonObject
            {
                ["status"] = Str(),
                ["by"] = Str(nullable: true),
                ["at"] = Str(format: "date-time", nullable: true),
                ["note"] = Str(nullable: true),
            }, "status"),
            ["history"] = Array(new JsonObject { ["type"] = "object" }),
        }, "deviceId", "advisoryId", "matchStatus", "remediation"),
        ["MatchList"] = Object(new JsonObject { ["items"] = Array(Ref("Match")) }, "items"),
        ["AdvisorySummary"] = Object(new JsonObject
        {
            ["id"] = Str(AdvisoryIds.MaxLength),
            ["title"] = Str(),
            ["severity"] = Enum(AdvisoryEndpoints.Severities, nullable: true),
        }, "id", "title"),
        ["AdvisoryList"] = Paged("AdvisorySummary"),
        ["AdvisoryDetail"] = Object(new JsonObject
        {
            ["id"] = Str(AdvisoryIds.MaxLength),
            ["title"] = Str(),
            ["revision"] = Str(AdvisoryLimits.MaxRevisionLength),
            ["currentReleaseDate"] = Str(format: "date-time", nullable: true),
            ["severity"] = Enum(AdvisoryEndpoints.Severities, nullable: true),
            ["maxCvss"] = new JsonObject { ["type"] = new JsonArray("number", "null"), ["minimum"] = 0, ["maximum"] = 10 },
            ["cves"] = Array(Str()),
            ["vendors"] = Array(Str()),
            ["revisions"] = Array(new JsonObject { ["type"] = "object" }),
            ["affectedDevices"] = Array(Ref("Match")),
            ["remediationCounts"] = Counts(),
        }, "id", "title", "revision", "cves", "affectedDevices", "remediationCounts"),
        ["AdvisoryRemediationSummary"] = Object(new JsonObject
        {
            ["items"] = Array(Object(new JsonObject { ["advisoryId"] = Str(AdvisoryIds.MaxLength), ["total"] = Type("integer"), ["counts"] = Counts() }, "advisoryId", "total", "counts")),
        }, "items"),
        ["SegmentRemediationSummary"] = Object(new JsonObject
        {
            ["items"] = Array(Object(new JsonObject { ["segment"] = Str(), ["total"] = Type("integer"), ["counts"] = Counts() }, "segment", "total", "counts")),
        }, "items"),
        ["Rejection"] = Object(new JsonObject
        {
            ["document"] = Str(2000),
            ["reason"] = Str(4000),
            ["sha256"] = Str(pattern: "^[0-9a-f]{64}$", nullable: true),
            ["rejectedAt"] = Str(format: "date-time"),
        }, "document", "reason", "rejectedAt"),
        ["SourceList"] = Object(new JsonObject
        {
            ["items"] = Array(Object(new JsonObject
            {
                ["name"] = Str(OperationsEndpoints.MaxSourceNameLength),
                ["health"] = Enum(["never-run", "failing", "healthy"]),
                ["lastAttempt"] = Str(format: "date-time", nullable: true),
                ["lastSuccess"] = Str(format: "date-time", nullable: true),
                ["consecutiveFailures"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
                ["lastError"] = Str(nullable: true),
                ["documentsSeen"] = Type("integer"),
                ["documentsStored"] = Type("integer"),
                ["documentsRejected"] = Type("integer"),
                ["lastRejection"] = new JsonObject { ["oneOf"] = new JsonArray(Ref("Rejection"), Type("null")) },
            }, "name", "health", "consecutiveFailures", "documentsRejected")),
        }, "items"),
        ["RejectionList"] = Object(new JsonObject { ["source"] = Str(), ["items"] = Array(Ref("Rejection")) }, "source", "items"),
        ["DeadLetterList"] = Object(new JsonObject { ["items"] = Array(new JsonObject { ["type"] = "object" }) }, "items"),
        ["ReplayResult"] = Object(new JsonObject { ["replayed"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 } }, "replayed"),
        ["Health"] = Object(new JsonObject { ["status"] = Enum(["ok", "degraded"]), ["storage"] = Enum(["ok", "unreachable"]) }, "status", "storage"),
        ["OpenApiDocument"] = Object(new JsonObject { ["openapi"] = Str(), ["paths"] = new JsonObject { ["type"] = "object" } }, "openapi", "paths"),
    };

    /// <summary>The schema of a query or path parameter: the same ranges, enums and formats the API enforces.</summary>
    public static JsonObject Parameter(string name) => name switch
    {
        "pageSize" => new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = ApiInput.MaxPageSize, ["default"] = ApiInput.DefaultPageSize },
        "continuationToken" => Str(4096, description: "opaque, from the previous page"),
        "since" => new JsonObject { ["type"] = "string", ["anyOf"] = new JsonArray(new JsonObject { ["format"] = "date" }, new JsonObject { ["format"] = "date-time" }), ["maxLength"] = 40 },
        "severity" => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(AdvisoryEndpoints.Severities.Select(s => (JsonNode?)s).ToArray()), ["description"] = "case-insensitive" },
        "segment" => Enum(CareSegments.ByName.Keys),
        "exploited" => Type("boolean"),
        "max" => new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = OperationsEndpoints.MaxDeadLetters },
        "id" => Str(DeviceValidator.MaxIdLength, pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$"),
        "advisoryId" => Str(AdvisoryIds.MaxLength),
        "name" => Str(OperationsEndpoints.MaxSourceNameLength),
        _ => Str(ApiInput.MaxFilterLength),
    };

    private static JsonObject Str(int maxLength, string description)
    {
        var schema = Str(maxLength);
        schema["description"] = description;
        return schema;
    }
}
