namespace AdvisoryTracker.Domain.Devices;

/// <summary>Where a device is used; decides who is told and how urgently.</summary>
public enum CareSegment
{
    OnBody,
    InHome,
    Community,
    InClinic,
    InHospital,
}
