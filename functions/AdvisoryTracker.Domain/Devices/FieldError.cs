namespace AdvisoryTracker.Domain.Devices;

/// <summary>One problem with one field, as the API reports it.</summary>
public sealed record FieldError(string Field, string Message);
