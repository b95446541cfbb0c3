namespace AdvisoryTracker.Domain.Advisories;

public sealed record AdvisoryRevision(string Number, DateTimeOffset? Date, string Summary, string? LegacyVersion);
