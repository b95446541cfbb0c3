namespace AdvisoryTracker.Domain.Devices;

public sealed record RegistrationResult(RegistrationOutcome Outcome, StoredDevice? Device, IReadOnlyList<FieldError> Errors);
