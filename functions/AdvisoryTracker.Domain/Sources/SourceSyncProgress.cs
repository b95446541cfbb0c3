namespace AdvisoryTracker.Domain.Sources;

/// <summary>
/// Where a run is, for a progress display: source <see cref="Index"/> (1-based) of <see cref="Count"/> is starting
/// (<see cref="Finished"/> null) or has finished with that report.
/// </summary>
public sealed record SourceSyncProgress(string SourceName, int Index, int Count, SourceSyncReport? Finished);
