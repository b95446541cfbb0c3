using AdvisoryTracker.Api.Http;
using AdvisoryTracker.Api.Problems;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Tracking;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Api.Devices;

/// <summary>The device registry routes: what each does, independent of how it is hosted.</summary>
public sealed class DeviceEndpoints(
    DeviceRegistrationService registration,
    DeviceAdministrationService administration,
    IDeviceRegistry registry,
    IDeviceRegistryAdmin registryAdmin,
    IOptions<ApiSecurityOptions> security)
{
    /// <summary><c>GET /api/devices</c>: filters manufacturer, department (case-insensitive, exact), segment; paging.</summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var manufacturer = ApiInput.Text(request, "manufacturer", errors);
        var department = ApiInput.Text(request, "department", errors);
        CareSegment? segment = null;
        if (ApiInput.Text(request, "segment", errors) is { } segmentName)
        {
            if (CareSegments.TryParse(segmentName, out var parsed))
            {
                segment = parsed;
            }
            else
            {
                errors.Add(new FieldError("segment", "must be one of on-body, in-home, community, in-clinic, in-hospital"));
            }
        }

        var pageSize = ApiInput.PageSize(request, errors);
        var continuation = ApiInput.Continuation(request, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var page = await ApiInput.QueryPageAsync(continuation, () => registryAdmin.QueryAsync(new DeviceQuery(manufacturer, segment, department, pageSize, continuation), cancellationToken));
        if (page is null)
        {
            return ApiProblems.BadRequest("continuationToken", "is not a token this API issued");
        }

        return Results.Ok(new Dictionary<string, object?>
        {
            ["items"] = page.Items.Select(d => WithETag(d)).ToList(),
            ["continuationToken"] = ApiInput.ToToken(page.ContinuationToken),
        });
    }

    /// <summary><c>GET /api/devices/{id}</c>: the device and its ETag.</summary>
    public async Task<IResult> GetAsync(string? id, CancellationToken cancellationToken)
    {
        if (ApiInput.DeviceId(id) is { } error)
        {
            return ApiProblems.Validation([error]);
        }

        var stored = await registry.GetAsync(id!, cancellationToken);
        return stored is null
            ? ApiProblems.NotFound($"no device with id '{id}'")
            : new EtaggedResult(Results.Ok(WithETag(stored)), stored.ETag);
    }

    /// <summary><c>PUT /api/devices/{id}</c>: replaces the device when If-Match is its current ETag; queues a backfill match.</summary>
    public async Task<IResult> ReplaceAsync(HttpRequest request, string? id, CancellationToken cancellationToken)
    {
        if (ApiInput.DeviceId(id) is { } idError)
        {
            return ApiProblems.Validation([idError]);
        }

        if (ApiInput.IfMatch(request) is not { } ifMatch)
        {
            return ApiProblems.PreconditionRequired();
        }

        var (input, problem) = await ReadDeviceAsync(request, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        var result = await administration.ReplaceAsync(id!, input, ifMatch, cancellationToken);
        return result.Outcome switch
        {
            null => ApiProblems.Validation(result.Errors),
            DeviceWriteOutcome.NotFound => ApiProblems.NotFound($"no device with id '{id}'"),
            DeviceWriteOutcome.PreconditionFailed => ApiProblems.PreconditionFailed(),
            _ => new EtaggedResult(Results.Ok(WithETag(result.Device!)), result.Device!.ETag),
        };
    }

    /// <summary><c>DELETE /api/devices/{id}</c>: deletes the device (If-Match) with its matches and remediation history.</summary>
    public async Task<IResult> DeleteAsync(HttpRequest request, string? id, CancellationToken cancellationToken)
    {
        if (ApiInput.DeviceId(id) is { } idError)
        {
            return ApiProblems.Validation([idError]);
        }

        if (ApiInput.IfMatch(request) is not { } ifMatch)
        {
            return ApiProblems.PreconditionRequired();
        }

        return await administration.DeleteAsync(id!, ifMatch, cancellationToken) switch
        {
            DeviceWriteOutcome.NotFound => ApiProblems.NotFound($"no device with id '{id}'"),
            DeviceWriteOutcome.PreconditionFailed => ApiProblems.PreconditionFailed(),
            _ => Results.NoContent(),
        };
    }

    private async Task<(DeviceInput? Input, IResult? Problem)> ReadDeviceAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadCappedAsync(request, security.Value.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return (null, ApiProblems.PayloadTooLarge(security.Value.MaxBodyBytes));
        }

        var (document, parseError) = RequestBody.ParseObject(body);
        if (document is null)
        {
            return (null, ApiProblems.Validation([parseError!]));
        }

        using (document)
        {
            var (input, errors) = DeviceJson.Read(document.RootElement);
            return input is null ? (null, ApiProblems.Validation(errors)) : (input, null);
        }
    }

    private static Dictionary<string, object?> WithETag(StoredDevice stored)
    {
        var json = DeviceJson.Write(stored.Device);
        json["etag"] = stored.ETag;
        json["updatedAt"] = stored.UpdatedAt;
        return json;
    }

    /// <summary><c>POST /api/devices</c>: registers a device model; 201 with the device, 400/409 with a problem naming the field.</summary>
    public async Task<IResult> RegisterAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadDeviceAsync(request, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        var result = await registration.RegisterAsync(input, cancellationToken);
        return result.Outcome switch
        {
            RegistrationOutcome.Created => Created(result),
            RegistrationOutcome.Conflict => ApiProblems.Conflict("id", result.Errors[0].Message),
            _ => ApiProblems.Validation(result.Errors),
        };
    }

    private static IResult Created(RegistrationResult result)
    {
        var stored = result.Device!;
        return new EtaggedResult(
            Results.Created($"/api/devices/{Uri.EscapeDataString(stored.Device.Id)}", WithETag(stored)),
            stored.ETag);
    }
}

/// <summary>Adds an ETag header to another result.</summary>
public sealed class EtaggedResult(IResult inner, string etag) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (etag.Length > 0)
        {
            httpContext.Response.Headers.ETag = etag;
        }

        return inner.ExecuteAsync(httpContext);
    }
}
