using System.Text;
using AdvisoryTracker.Api.Problems;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Tracking;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Api.Devices;

/// <summary>CSV import and export of the device registry.</summary>
public sealed class DeviceImportEndpoints
{
    private readonly DeviceAdministrationService _administration;
    private readonly IDeviceRegistry _registry;
    private readonly IOptions<ApiSecurityOptions> _security;

    public DeviceImportEndpoints(DeviceAdministrationService administration, IDeviceRegistry registry, IOptions<ApiSecurityOptions> security)
    {
        _administration = administration;
        _registry = registry;
        _security = security;
    }

    /// <summary>
    /// <c>POST /api/devices/import</c> (text/csv): every line is validated first with the registration rules; if any
    /// line is wrong nothing is stored and the 400 problem lists each line's errors. Otherwise all devices are added or
    /// replaced by id in atomic batches of 100; on a storage failure the 503 problem says how many were stored and the
    /// first line that was not (importing the same file again completes it). One backfill request is queued.
    /// </summary>
    public async Task<IResult> ImportAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var max = _security.Value.MaxImportBytes;
        var body = await RequestBody.ReadCappedAsync(request, max, cancellationToken);
        if (body is null)
        {
            return ApiProblems.PayloadTooLarge(max);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return ApiProblems.BadRequest("body", "is not UTF-8 text");
        }

        var (devices, errors) = _administration.ValidateCsv(text);
        if (errors.Count > 0)
        {
            return ApiProblems.ImportRejected(errors);
        }

        if (devices.Count == 0)
        {
            return ApiProblems.BadRequest("body", "the file holds a header but no devices");
        }

        var result = await _administration.ImportAsync(devices, cancellationToken);
        var report = new Dictionary<string, object?>
        {
            ["stored"] = result.Stored,
            ["total"] = result.Total,
            ["firstLineNotStored"] = result.FirstLineNotStored,
            ["backfillQueued"] = result.BackfillQueued,
        };
        if (result.StorageError is { } error)
        {
            var at = result.FirstLineNotStored is { } line ? $" (line {line})" : "";
            return ApiProblems.WithRetryAfter(Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The import stopped part way",
                detail: $"{result.Stored} of {result.Total} devices were stored; {error}{at}. Send the same file again to complete it.",
                type: "https://httpstatuses.io/503",
                extensions: report));
        }

        return Results.Ok(report);
    }

    /// <summary><c>GET /api/devices/export</c>: every device as CSV, in the import format.</summary>
    public async Task<IResult> ExportAsync(CancellationToken cancellationToken)
    {
        var devices = new List<Device>();
        await foreach (var device in _registry.ListAllAsync(cancellationToken))
        {
            devices.Add(device);
        }

        return Results.Text(DeviceCsv.Write(devices), "text/csv", Encoding.UTF8);
    }
}
