namespace AdvisoryTracker.Domain.Sources;

/// <summary>Settings of the source runner (section <c>Sources</c>).</summary>
public sealed class SourceSyncOptions
{
    public const string SectionName = "Sources";

    /// <summary>A source without a successful sync for longer than this is reported stale and logged as a warning (default 2 days).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// A run that changed nothing but the source's LastAttempt/LastSuccess timestamps (no new document, no cursor,
    /// ETag or counter change, no failure, no recovery) writes no table row, so a quiet source costs no writes. To keep
    /// <c>GET /api/sources</c> and the stale check honest, such a run still saves once the stored LastSuccess is older
    /// than this heartbeat: the reported LastSuccess/LastAttempt of a healthy source lag reality by at most this much
    /// (default 1 hour; must be positive and shorter than <see cref="StaleAfter"/>). A throttled source
    /// (<see cref="IScheduledAdvisorySource.MinimumInterval"/> above zero) always saves, since its LastAttempt is its schedule.
    /// </summary>
    public TimeSpan HealthHeartbeat { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The longest one source may run in one sync (default 2 minutes). Past it the source's work is cancelled (parsers
    /// and fetches honour the token), its progress so far is kept, it is recorded as failed ("over its time budget")
    /// and the next source starts: one slow or hostile source cannot starve the others. A source that does not stop
    /// within a further <see cref="BudgetGrace"/> is abandoned by the runner.
    /// </summary>
    public TimeSpan PerSourceBudget { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long after its budget a source has to stop before the runner moves on without it (default 5 s).</summary>
    public TimeSpan BudgetGrace { get; set; } = TimeSpan.FromSeconds(5);
}
