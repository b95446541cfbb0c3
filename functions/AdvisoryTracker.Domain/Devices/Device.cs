namespace AdvisoryTracker.Domain.Devices;

/// <summary>
/// A device model the organisation runs. Holds no patient data: manufacturer, model, version, department-level
/// location and the clinicians to notify.
/// </summary>
public sealed record Device
{
    public required string Id { get; init; }
    /// <summary>The manufacturer as the admin typed it.</summary>
    public required string Manufacturer { get; init; }
    public required string Model { get; init; }
    /// <summary>Firmware or software version; null or empty when unknown.</summary>
    public string? Version { get; init; }
    public CareSegment Segment { get; init; } = CareSegment.InHospital;
    public string Department { get; init; } = "";
    /// <summary>Clinician email addresses to notify.</summary>
    public IReadOnlyList<string> Contacts { get; init; } = [];
    /// <summary>Optional FDA product code (three letters, e.g. "FRN").</summary>
    public string? FdaProductCode { get; init; }
    /// <summary>Optional 510(k) or PMA number (e.g. "K123456", "P980016").</summary>
    public string? FdaSubmissionNumber { get; init; }
    /// <summary>
    /// For prescribed devices (on-body, in-home): how many patients use this model. A count only, never an identity;
    /// null when not recorded.
    /// </summary>
    public int? PatientCount { get; init; }
    /// <summary>Email addresses of the clinicians who prescribe this model; they are notified like <see cref="Contacts"/>.</summary>
    public IReadOnlyList<string> Prescribers { get; init; } = [];

    /// <summary>Everyone told about this device: contacts and prescribing clinicians, each once.</summary>
    public IEnumerable<string> Recipients => Contacts.Concat(Prescribers).Distinct(StringComparer.OrdinalIgnoreCase);
}
