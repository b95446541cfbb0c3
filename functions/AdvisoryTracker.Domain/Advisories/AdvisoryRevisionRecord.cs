namespace AdvisoryTracker.Domain.Advisories;

/// <summary>One revision of an advisory as it was stored.</summary>
public sealed record AdvisoryRevisionRecord(string Revision, string ContentHash, DateTimeOffset? CurrentReleaseDate, string SourceName, DateTimeOffset? StoredAt);
