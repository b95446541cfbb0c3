namespace AdvisoryTracker.Domain.Devices;

public sealed record DeviceWriteResult(DeviceWriteOutcome Outcome, StoredDevice? Device);
