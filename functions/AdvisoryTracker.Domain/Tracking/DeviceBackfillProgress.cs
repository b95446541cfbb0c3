namespace AdvisoryTracker.Domain.Tracking;

/// <summary>
/// How far a backfill run is: queue entries done, advisories read for all-devices entries, and the entry being worked
/// (a device id or <see cref="DeviceBackfillService.AllDevicesMarker"/>).
/// </summary>
public sealed record DeviceBackfillProgress(int EntriesDone, int AdvisoriesRead, string CurrentEntry);
