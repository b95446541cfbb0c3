namespace AdvisoryTracker.Domain.Advisories;

public sealed record AdvisoryReference(string Url, string Category, string Summary);
