namespace AdvisoryTracker.Domain.Ingestion;

/// <summary>One refused or quarantined document: which source, where it came from, why, the SHA-256 of its bytes when known.</summary>
public sealed record RejectionRecord(string SourceName, string DocumentReference, string Reason, string? ContentHash, DateTimeOffset RejectedAt);
