namespace AdvisoryTracker.Domain.Advisories;

/// <summary>The current revision of an advisory as stored, with where it came from.</summary>
public sealed record StoredAdvisory(Advisory Advisory, string SourceName, DateTimeOffset StoredAt);
