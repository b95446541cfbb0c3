using AdvisoryTracker.Api.Actions;
using AdvisoryTracker.Api.Advisories;
using AdvisoryTracker.Api.Devices;
using AdvisoryTracker.Api.Operations;
using AdvisoryTracker.Api.Remediation;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Api.Triage;
using AdvisoryTracker.Domain.Devices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static AdvisoryTracker.Api.Http.ApiInput;

namespace AdvisoryTracker.Api;

/// <summary>What a route's request body is, for the OpenAPI document.</summary>
public enum ApiBody
{
    None,
    Device,
    DeviceCsv,
    RemediationUpdate,
    TriageDecision,
    VendorAlias,
    /// <summary>An HTML form post (application/x-www-form-urlencoded) from the one-click confirmation page.</summary>
    ActionForm,
}

/// <summary>One admin API route: the same table drives the local runner's routing and the OpenAPI document.</summary>
public sealed record ApiRoute(
    string Method,
    string Template,
    ApiPermission Permission,
    string Summary,
    Func<HttpContext, CancellationToken, Task<IResult>> Handle)
{
    /// <summary>Query parameters the route reads.</summary>
    public IReadOnlyList<string> Query { get; init; } = [];

    public ApiBody Body { get; init; }

    /// <summary>The status of a successful answer.</summary>
    public int SuccessStatus { get; init; } = StatusCodes.Status200OK;

    /// <summary>The response is text/csv instead of JSON.</summary>
    public bool ReturnsCsv { get; init; }

    /// <summary>The response is an HTML page (also for refusals), not JSON.</summary>
    public bool ReturnsHtml { get; init; }

    /// <summary>Needs If-Match (ETag) and answers 412/428.</summary>
    public bool Conditional { get; init; }

    /// <summary>The component schema of the success body (OpenAPI), or null for none / CSV.</summary>
    public string? Response { get; init; }

    /// <summary>Answers 409 (a conflicting id).</summary>
    public bool MayConflict { get; init; }
}

public static class ApiRoutes
{
    private static readonly string[] Paging = ["pageSize", "continuationToken"];

    /// <summary>Every route, relative to <c>/api</c>. Each also has a thin function in AdvisoryTracker.Functions/Http.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("POST", "devices", ApiPermission.Write, "Register a device model",
            (c, ct) => Get<DeviceEndpoints>(c).RegisterAsync(c.Request, ct)) { Body = ApiBody.Device, SuccessStatus = 201, Response = "StoredDevice", MayConflict = true },
        new("GET", "devices", ApiPermission.Read, "List devices (filters: manufacturer, segment, department; paged)",
            (c, ct) => Get<DeviceEndpoints>(c).ListAsync(c.Request, ct)) { Query = ["manufacturer", "segment", "department", .. Paging], Response = "DeviceList" },
        new("POST", "devices/import", ApiPermission.Write, "Import devices from CSV (all lines valid or nothing stored)",
            (c, ct) => Get<DeviceImportEndpoints>(c).ImportAsync(c.Request, ct)) { Body = ApiBody.DeviceCsv, Response = "ImportReport" },
        // Admin only (Write): the export holds every contact address.
        new("GET", "devices/export", ApiPermission.Write, "Export every device as CSV (the import format; Advisory.Admin: it holds contact addresses)",
            (c, ct) => Get<DeviceImportEndpoints>(c).ExportAsync(ct)) { ReturnsCsv = true },
        new("GET", "devices/{id}", ApiPermission.Read, "Get a device and its ETag",
            (c, ct) => Get<DeviceEndpoints>(c).GetAsync(RouteValue(c, "id"), ct)) { Response = "StoredDevice" },
        new("PUT", "devices/{id}", ApiPermission.Write, "Replace a device (If-Match required)",
            (c, ct) => Get<DeviceEndpoints>(c).ReplaceAsync(c.Request, RouteValue(c, "id"), ct)) { Body = ApiBody.Device, Conditional = true, Response = "StoredDevice" },
        new("DELETE", "devices/{id}", ApiPermission.Write, "Delete a device with its matches (If-Match required)",
            (c, ct) => Get<DeviceEndpoints>(c).DeleteAsync(c.Request, RouteValue(c, "id"), ct)) { SuccessStatus = 204, Conditional = true },
        new("GET", "devices/{id}/matches", ApiPermission.Read, "A device's matches with remediation status and history",
            (c, ct) => Get<MatchEndpoints>(c).ListForDeviceAsync(RouteValue(c, "id"), ct)) { Response = "MatchList" },
        new("PATCH", "devices/{id}/matches/{advisoryId}", ApiPermission.Write, "Update a match's remediation status (note: no patient data)",
            (c, ct) => Get<MatchEndpoints>(c).UpdateAsync(c.Request, RouteValue(c, "id"), RouteValue(c, "advisoryId"), ct)) { Body = ApiBody.RemediationUpdate, Response = "Match" },
        new("PUT", "devices/{id}/matches/{advisoryId}/triage", ApiPermission.Write, "Confirm or dismiss a possibly_affected match (who, when, why; carries over to later revisions while the evidence is unchanged)",
            (c, ct) => Get<TriageEndpoints>(c).DecideAsync(c.Request, RouteValue(c, "id"), RouteValue(c, "advisoryId"), ct)) { Body = ApiBody.TriageDecision, Response = "TriageRecord" },
        new("GET", "triage", ApiPermission.Read, "The triage queue: possibly_affected matches without a decision that still applies",
            (c, ct) => Get<TriageEndpoints>(c).QueueAsync(ct)) { Response = "TriageQueue" },
        new("GET", "vendors/aliases", ApiPermission.Read, "The installation's own vendor aliases (who added them, when)",
            (c, ct) => Get<VendorAliasEndpoints>(c).ListAsync(ct)) { Response = "VendorAliasList" },
        new("POST", "vendors/aliases", ApiPermission.Write, "Add an installation vendor alias (used by the matcher without a deploy)",
            (c, ct) => Get<VendorAliasEndpoints>(c).AddAsync(c.Request, ct)) { Body = ApiBody.VendorAlias, SuccessStatus = 201, Response = "VendorAliasRecord" },
        new("GET", "vendors/aliases/suggested", ApiPermission.Read, "Vendor names that triage confirmations taught and the catalogue does not know yet",
            (c, ct) => Get<TriageEndpoints>(c).SuggestedAliasesAsync(ct)) { Response = "SuggestedAliasList" },
        new("GET", "advisories", ApiPermission.Read, "List advisories (filters: since, vendor, severity, exploited; paged)",
            (c, ct) => Get<AdvisoryEndpoints>(c).ListAsync(c.Request, ct)) { Query = ["since", "vendor", "severity", "exploited", .. Paging], Response = "AdvisoryList" },
        new("GET", "advisories/{id}", ApiPermission.Read, "An advisory with its revisions, affected devices and remediation counts",
            (c, ct) => Get<AdvisoryEndpoints>(c).GetAsync(RouteValue(c, "id"), ct)) { Response = "AdvisoryDetail" },
        new("GET", "summary/advisories", ApiPermission.Read, "Remediation counts by status per advisory",
            (c, ct) => Get<MatchEndpoints>(c).SummaryByAdvisoryAsync(ct)) { Response = "AdvisoryRemediationSummary" },
        new("GET", "summary/segments", ApiPermission.Read, "Remediation counts by status per care segment",
            (c, ct) => Get<MatchEndpoints>(c).SummaryBySegmentAsync(ct)) { Response = "SegmentRemediationSummary" },
        new("GET", "sources", ApiPermission.Read, "Advisory feed health",
            (c, ct) => Get<OperationsEndpoints>(c).SourcesAsync(ct)) { Response = "SourceList" },
        new("GET", "sources/{name}/rejections", ApiPermission.Read, "A source's refused and quarantined documents (reason, document URL, SHA-256), newest first",
            (c, ct) => Get<OperationsEndpoints>(c).RejectionsAsync(c.Request, RouteValue(c, "name"), ct)) { Query = ["max"], Response = "RejectionList" },
        // Admin only (Write): dead letters name their recipients.
        new("GET", "notifications/dead-letters", ApiPermission.Write, "Notifications that could not be delivered (Advisory.Admin: they name recipients)",
            (c, ct) => Get<OperationsEndpoints>(c).DeadLettersAsync(c.Request, ct)) { Query = ["max"], Response = "DeadLetterList" },
        new("POST", "notifications/dead-letters/replay", ApiPermission.Write, "Send dead-lettered notifications back to the queue (one by id, or all)",
            (c, ct) => Get<OperationsEndpoints>(c).ReplayAsync(c.Request, ct)) { Query = ["id"], Response = "ReplayResult" },
        new("GET", "act/{id}/{advisoryId}", ApiPermission.SignedLink, "One-click email action: confirmation page (query t = signed token, do = action; never changes state)",
            (c, ct) => Get<ActionEndpoints>(c).ShowAsync(c.Request, RouteValue(c, "id"), RouteValue(c, "advisoryId"), ct)) { Query = ["t", "do"], ReturnsHtml = true },
        new("POST", "act/{id}/{advisoryId}", ApiPermission.SignedLink, "One-click email action: perform it (form fields t = signed token, do = acknowledge | mitigated | patched | not-mine)",
            (c, ct) => Get<ActionEndpoints>(c).PerformAsync(c.Request, RouteValue(c, "id"), RouteValue(c, "advisoryId"), ct)) { Body = ApiBody.ActionForm, ReturnsHtml = true },
        new("GET", "health", ApiPermission.Anonymous, "Liveness and storage reachability (anonymous, nothing sensitive)",
            (c, ct) => Get<OperationsEndpoints>(c).HealthAsync(ct)) { Response = "Health" },
        new("GET", "openapi.json", ApiPermission.Read, "This API's OpenAPI 3 document",
            (c, ct) => Task.FromResult(OpenApi.OpenApiDocument.Result())) { Response = "OpenApiDocument" },
    ];

    private static T Get<T>(HttpContext context) where T : notnull => context.RequestServices.GetRequiredService<T>();
}
