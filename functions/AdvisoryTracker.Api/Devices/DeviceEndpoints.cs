using AdvisoryTracker.Api.Problems;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Api.Devices;

/// <summary>The device registry routes: what each does, independent of how it is hosted.</summary>
public sealed class DeviceEndpoints(DeviceRegistrationService registration, IOptions<ApiSecurityOptions> security)
{
    /// <summary><c>POST /api/devices</c>: registers a device model; 201 with the device, 400/409 with a problem naming the field.</summary>
    public async Task<IResult> RegisterAsync(HttpRequest request, CancellationToken cancellationToken)
    {
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

        using (document)
        {
            var (input, errors) = DeviceJson.Read(document.RootElement);
            if (input is null)
            {
                return ApiProblems.Validation(errors);
            }

            var result = await registration.RegisterAsync(input, cancellationToken);
            return result.Outcome switch
            {
                RegistrationOutcome.Created => Created(result),
                RegistrationOutcome.Conflict => ApiProblems.Conflict("id", result.Errors[0].Message),
                _ => ApiProblems.Validation(result.Errors),
            };
        }
    }

    private static IResult Created(RegistrationResult result)
    {
        var stored = result.Device!;
        return new EtaggedResult(
            Results.Created($"/api/devices/{Uri.EscapeDataString(stored.Device.Id)}", DeviceJson.Write(stored.Device)),
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
