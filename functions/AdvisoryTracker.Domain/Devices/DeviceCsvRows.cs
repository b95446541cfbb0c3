namespace AdvisoryTracker.Domain.Devices;

/// <summary>The raw registrations of a device CSV by 1-based line number, not yet validated, and what could not be read.</summary>
public sealed record DeviceCsvRows(IReadOnlyList<(int Line, DeviceInput Input)> Rows, IReadOnlyList<DeviceCsvError> Errors);
