namespace AdvisoryTracker.Domain.Devices;

public enum RegistrationOutcome
{
    Created,
    Invalid,
    Conflict,
}
