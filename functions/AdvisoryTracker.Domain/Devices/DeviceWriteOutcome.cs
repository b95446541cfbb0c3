namespace AdvisoryTracker.Domain.Devices;

public enum DeviceWriteOutcome
{
    Done,
    NotFound,
    PreconditionFailed,
}
