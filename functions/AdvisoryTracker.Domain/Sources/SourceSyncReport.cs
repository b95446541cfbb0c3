namespace AdvisoryTracker.Domain.Sources;

/// <summary>What one source did in one run.</summary>
public sealed record SourceSyncReport(string SourceName, SourceSyncStatus Status, string? Error, long DocumentsStored, long DocumentsRejected, TimeSpan Duration);
