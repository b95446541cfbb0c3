using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Domain.Devices;

/// <summary>Registers devices: validate, store (never overwrite an existing id), then match it against the stored advisories.</summary>
public sealed partial class DeviceRegistrationService(
    DeviceValidator validator,
    IDeviceRegistry registry,
    IDeviceBackfillQueue backfill,
    ILogger<DeviceRegistrationService> logger)
{
    public async Task<RegistrationResult> RegisterAsync(DeviceInput input, CancellationToken cancellationToken)
    {
        var (device, errors) = validator.Validate(input);
        if (device is null)
        {
            return new RegistrationResult(RegistrationOutcome.Invalid, null, errors);
        }

        var stored = await registry.AddAsync(device, cancellationToken);
        if (stored is null)
        {
            return new RegistrationResult(RegistrationOutcome.Conflict, null, [new FieldError("id", $"a device with id '{device.Id}' already exists")]);
        }

        await backfill.EnqueueAsync(device.Id, cancellationToken);
        LogRegistered(device.Id, device.Segment.ToName());
        return new RegistrationResult(RegistrationOutcome.Created, stored, []);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Device {DeviceId} registered (segment {Segment}); backfill match queued")]
    private partial void LogRegistered(string deviceId, string segment);
}
