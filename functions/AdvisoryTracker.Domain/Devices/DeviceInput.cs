namespace AdvisoryTracker.Domain.Devices;

/// <summary>A device registration as received (API body or CSV line), before validation.</summary>
public sealed record DeviceInput
{
    public string? Id { get; init; }
    public string? Manufacturer { get; init; }
    public string? Model { get; init; }
    public string? Version { get; init; }
    public string? Segment { get; init; }
    public string? Department { get; init; }
    public IReadOnlyList<string>? Contacts { get; init; }
    public string? FdaProductCode { get; init; }
    public string? FdaSubmissionNumber { get; init; }
    /// <summary>Number of patients using the model, as written (a whole number, 0 or more); null or empty: not recorded.</summary>
    public string? PatientCount { get; init; }
    /// <summary>Prescribing clinicians' email addresses (optional).</summary>
    public IReadOnlyList<string>? Prescribers { get; init; }
}
