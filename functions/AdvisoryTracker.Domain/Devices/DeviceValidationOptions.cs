namespace AdvisoryTracker.Domain.Devices;

public sealed class DeviceValidationOptions
{
    public const string SectionName = "Registry";

    /// <summary>Most clinician contacts one device may carry.</summary>
    public int MaxContacts { get; set; } = 10;
}
