namespace AdvisoryTracker.Domain.Sources;

/// <summary>A source's persisted state and whether it is stale (no success within <see cref="SourceSyncOptions.StaleAfter"/>).</summary>
public sealed record SourceHealth(SourceState State, bool IsStale, bool IsConfigured)
{
    /// <summary>
    /// What <c>GET /api/sources</c> reports: <c>retired</c> (state of a source no longer configured, e.g. a one-off CLI
    /// run), <c>never-run</c>, <c>failing</c> (the last run failed), <c>stale</c> (no success within
    /// <see cref="SourceSyncOptions.StaleAfter"/>) or <c>healthy</c>.
    /// </summary>
    public string Status =>
        !IsConfigured ? "retired"
        : State.LastAttempt is null ? "never-run"
        : State.ConsecutiveFailures > 0 ? "failing"
        : IsStale ? "stale"
        : "healthy";
}
