namespace AdvisoryTracker.Domain.Notifications;

/// <summary>A vendor fix, mitigation or workaround as an email lists it.</summary>
public sealed record NotifiedRemediation(string Details, string? Url);
