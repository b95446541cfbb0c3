using System.Text.Json;
using AdvisoryTracker.Api.Http;
using AdvisoryTracker.Api.Problems;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Remediation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Api.Remediation;

/// <summary>A device's matches, remediation updates and the remediation summaries.</summary>
public sealed class MatchEndpoints(
    IDeviceRegistry registry,
    IRemediationStore remediation,
    ApiAuthorizer authorizer,
    TimeProvider time,
    IOptions<ApiSecurityOptions> security)
{
    /// <summary><c>GET /api/devices/{id}/matches</c>: the device's matches with remediation status and history (newest first).</summary>
    public async Task<IResult> ListForDeviceAsync(string? id, CancellationToken cancellationToken)
    {
        if (ApiInput.DeviceId(id) is { } error)
        {
            return ApiProblems.Validation([error]);
        }

        if (await registry.GetAsync(id!, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"no device with id '{id}'");
        }

        var matches = await remediation.ListForDeviceAsync(id!, cancellationToken);
        return Results.Ok(new Dictionary<string, object?>
        {
            ["items"] = matches.Select(m => MatchJson.Write(m, includeHistory: true)).ToList(),
        });
    }

    /// <summary>
    /// <c>PATCH /api/devices/{id}/matches/{advisoryId}</c> with <c>{"status", "note", "by"}</c>: moves the remediation
    /// status (allowed transitions only) and keeps the change in the history. The note is at most 1000 characters and
    /// must hold NO patient data. "by" is the signed-in principal's name when App Service Authentication is on
    /// (a "by" in the body is then ignored); otherwise it is required in the body.
    /// </summary>
    public async Task<IResult> UpdateAsync(HttpRequest request, string? id, string? advisoryId, CancellationToken cancellationToken)
    {
        if ((ApiInput.DeviceId(id) ?? ApiInput.AdvisoryId(advisoryId)) is { } idError)
        {
            return ApiProblems.Validation([idError]);
        }

        var body = await RequestBody.ReadCappedAsync(request, security.Value.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return ApiProblems.PayloadTooLarge(security.Value.MaxBodyBytes);
        }

        var (document, parseError) = RequestBody.ParseObject(body);
        if (document is null)
        {
            return ApiProblems.Validation([parseError!]);
        }

        RemediationStatus next;
        string? note;
        string? by;
        using (document)
        {
            var errors = new List<FieldError>();
            var values = ReadStrings(document.RootElement, errors);
            if (errors.Count > 0)
            {
                return ApiProblems.Validation(errors);
            }

            if (!RemediationStatusNames.TryParse(values.GetValueOrDefault("status"), out next))
            {
                return ApiProblems.BadRequest("status", $"is required: one of {string.Join(", ", Enum.GetValues<RemediationStatus>().Select(s => s.ToName()))}");
            }

            note = values.GetValueOrDefault("note");
            by = authorizer.PrincipalName(request) ?? values.GetValueOrDefault("by");
        }

        if (string.IsNullOrWhiteSpace(by))
        {
            return ApiProblems.BadRequest("by", "is required (who made the change) when the caller is not signed in through App Service Authentication");
        }

        if (ApiInput.HasControlCharacters(by) || (note is not null && note.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))))
        {
            return ApiProblems.BadRequest(ApiInput.HasControlCharacters(by) ? "by" : "note", "may not contain control characters");
        }

        var current = (await remediation.ListForDeviceAsync(id!, cancellationToken))
            .FirstOrDefault(m => string.Equals(m.Match.AdvisoryId, advisoryId, StringComparison.Ordinal));
        if (current is null)
        {
            return ApiProblems.NotFound($"device '{id}' has no match for advisory '{advisoryId}'");
        }

        var update = RemediationWorkflow.Apply(current.Remediation.Status, next, by, note, time);
        if (update.Entry is null)
        {
            var field = update.Error!.Contains("note", StringComparison.Ordinal) ? "note" : update.Error.Contains("'by'", StringComparison.Ordinal) ? "by" : "status";
            return field == "status" ? ApiProblems.Conflict("status", update.Error) : ApiProblems.BadRequest(field, update.Error);
        }

        if (!await remediation.SaveRemediationAsync(id!, advisoryId!, update.Entry, current.ETag, cancellationToken))
        {
            return ApiProblems.Conflict("status", "the match changed while this update was made; read it again and retry");
        }

        var saved = (await remediation.ListForDeviceAsync(id!, cancellationToken))
            .First(m => string.Equals(m.Match.AdvisoryId, advisoryId, StringComparison.Ordinal));
        return Results.Ok(MatchJson.Write(saved, includeHistory: true));
    }

    /// <summary><c>GET /api/summary/advisories</c>: remediation counts by status for every advisory with matches.</summary>
    public async Task<IResult> SummaryByAdvisoryAsync(CancellationToken cancellationToken)
    {
        var byAdvisory = new SortedDictionary<string, List<RemediationStatus>>(StringComparer.Ordinal);
        await foreach (var m in remediation.ListAllAsync(cancellationToken))
        {
            Bucket(byAdvisory, m.Match.AdvisoryId).Add(m.Remediation.Status);
        }

        return Results.Ok(new Dictionary<string, object?>
        {
            ["items"] = byAdvisory.Select(kv => new Dictionary<string, object?>
            {
                ["advisoryId"] = kv.Key,
                ["total"] = kv.Value.Count,
                ["counts"] = MatchJson.CountByStatus(kv.Value),
            }).ToList(),
        });
    }

    /// <summary><c>GET /api/summary/segments</c>: remediation counts by status per care segment (every segment listed).</summary>
    public async Task<IResult> SummaryBySegmentAsync(CancellationToken cancellationToken)
    {
        var segmentOf = new Dictionary<string, CareSegment>(StringComparer.Ordinal);
        await foreach (var device in registry.ListAllAsync(cancellationToken))
        {
            segmentOf[device.Id] = device.Segment;
        }

        var bySegment = Enum.GetValues<CareSegment>().ToDictionary(s => s.ToName(), _ => new List<RemediationStatus>(), StringComparer.Ordinal);
        await foreach (var m in remediation.ListAllAsync(cancellationToken))
        {
            if (segmentOf.TryGetValue(m.Match.DeviceId, out var segment))
            {
                bySegment[segment.ToName()].Add(m.Remediation.Status);
            }
        }

        return Results.Ok(new Dictionary<string, object?>
        {
            ["items"] = bySegment.Select(kv => new Dictionary<string, object?>
            {
                ["segment"] = kv.Key,
                ["total"] = kv.Value.Count,
                ["counts"] = MatchJson.CountByStatus(kv.Value),
            }).ToList(),
        });
    }

    private static List<RemediationStatus> Bucket(SortedDictionary<string, List<RemediationStatus>> buckets, string key)
    {
        if (!buckets.TryGetValue(key, out var list))
        {
            list = [];
            buckets[key] = list;
        }

        return list;
    }

    private static Dictionary<string, string?> ReadStrings(JsonElement body, List<FieldError> errors)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name is not ("status" or "note" or "by"))
            {
                errors.Add(new FieldError(property.Name.Length <= 64 ? property.Name : property.Name[..64], "is not an accepted field (status, note, by; notes hold no patient data)"));
            }
            else if (property.Value.ValueKind == JsonValueKind.String)
            {
                values[property.Name] = property.Value.GetString();
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                errors.Add(new FieldError(property.Name, "must be a string"));
            }
        }

        return values;
    }
}
