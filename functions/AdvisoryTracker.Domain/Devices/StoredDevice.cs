namespace AdvisoryTracker.Domain.Devices;

/// <summary>A registered device with its concurrency token.</summary>
public sealed record StoredDevice(Device Device, string ETag, DateTimeOffset? UpdatedAt);
