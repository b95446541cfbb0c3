using AdvisoryTracker.Domain.Devices;

namespace AdvisoryTracker.Domain.Tracking;

public sealed record DeviceUpdateResult(DeviceWriteOutcome? Outcome, StoredDevice? Device, IReadOnlyList<FieldError> Errors);
