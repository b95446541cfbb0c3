namespace AdvisoryTracker.Domain.Devices;

/// <summary>The devices read from a CSV and the lines that could not be read (nothing is dropped silently).</summary>
public sealed record DeviceCsvResult(IReadOnlyList<Device> Devices, IReadOnlyList<DeviceCsvError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
