using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain.Sources;

/// <summary>
/// Runs every configured source, each isolated: a source that throws (outage, timeout, garbage listing) is recorded in
/// its <see cref="SourceState"/> (LastError, ConsecutiveFailures) and the others still run. The state is saved after
/// every source that changed it (cursor progress, validators, counters, a failure or a recovery), so a crash or
/// cancellation loses nothing; a run that only moved the timestamps saves only per <see cref="SourceSyncOptions.HealthHeartbeat"/>.
/// </summary>
public sealed partial class SourceSyncRunner(
    IEnumerable<IAdvisorySource> sources,
    ISourceStateStore stateStore,
    IAdvisorySink sink,
    TimeProvider timeProvider,
    IOptions<SourceSyncOptions> options,
    ILogger<SourceSyncRunner> logger)
{
    private readonly IReadOnlyList<IAdvisorySource> _sources = sources.ToList();

    public IReadOnlyList<string> SourceNames => _sources.Select(s => s.Name).ToList();

    /// <summary>Runs the sources that are due (all when <paramref name="force"/>), optionally only <paramref name="onlySource"/>.</summary>
    public Task<IReadOnlyList<SourceSyncReport>> RunAsync(bool force, string? onlySource, CancellationToken cancellationToken) =>
        RunAsync(force, onlySource, progress: null, cancellationToken);

    /// <summary>As <see cref="RunAsync(bool, string?, CancellationToken)"/>, telling <paramref name="progress"/> when each source starts and finishes.</summary>
    public async Task<IReadOnlyList<SourceSyncReport>> RunAsync(bool force, string? onlySource, IProgress<SourceSyncProgress>? progress, CancellationToken cancellationToken)
    {
        var reports = new List<SourceSyncReport>();
        // The batch (one registry snapshot for the run) is handed to the sources explicitly, not held by a singleton.
        await using (var batch = sink is IBatchingAdvisorySink batching ? batching.BeginBatch() : null)
        {
            await RunSourcesAsync(batch ?? sink, force, onlySource, reports, progress, cancellationToken);
        }

        foreach (var health in await GetHealthAsync(cancellationToken))
        {
            if (health.IsStale && health.IsConfigured)
            {
                LogStale(logger, health.State.SourceName, health.State.LastSuccess, options.Value.StaleAfter);
            }
        }

        return reports;
    }

    private async Task RunSourcesAsync(IAdvisorySink target, bool force, string? onlySource, List<SourceSyncReport> reports, IProgress<SourceSyncProgress>? progress, CancellationToken cancellationToken)
    {
        // Enrichment first (stable order otherwise): KEV is applied before any match of this run is emailed.
        var selected = _sources
            .OrderBy(s => s is IEnrichmentSource ? 0 : 1)
            .Where(source => onlySource is null || string.Equals(source.Name, onlySource, StringComparison.OrdinalIgnoreCase))
            .ToList();
        for (var i = 0; i < selected.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new SourceSyncProgress(selected[i].Name, i + 1, selected.Count, null));
            var report = await RunOneAsync(selected[i], target, force, cancellationToken);
            reports.Add(report);
            progress?.Report(new SourceSyncProgress(selected[i].Name, i + 1, selected.Count, report));
        }
    }

    /// <summary>Every configured source's state (a fresh one for sources that never ran), plus states of sources no longer configured.</summary>
    public async Task<IReadOnlyList<SourceHealth>> GetHealthAsync(CancellationToken cancellationToken)
    {
        var stored = (await stateStore.ListAsync(cancellationToken)).ToDictionary(s => s.SourceName, StringComparer.Ordinal);
        var now = timeProvider.GetUtcNow();
        var result = new List<SourceHealth>();
        foreach (var name in _sources.Select(s => s.Name))
        {
            var state = stored.Remove(name, out var s) ? s : new SourceState { SourceName = name };
            result.Add(new SourceHealth(state, IsStale(state, now), true));
        }

        result.AddRange(stored.Values.OrderBy(s => s.SourceName, StringComparer.Ordinal).Select(s => new SourceHealth(s, IsStale(s, now), false)));
        return result;
    }

    private bool IsStale(SourceState state, DateTimeOffset now) =>
        state.LastSuccess is not { } success || now - success > options.Value.StaleAfter;

    private async Task<SourceSyncReport> RunOneAsync(IAdvisorySource source, IAdvisorySink target, bool force, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        SourceState state;
        try
        {
            state = await stateStore.GetAsync(source.Name, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStateUnavailable(logger, source.Name, ex);
            return new SourceSyncReport(source.Name, SourceSyncStatus.Failed, $"state unavailable: {ex.Message}", 0, 0, Stopwatch.GetElapsedTime(started));
        }

        var now = timeProvider.GetUtcNow();
        // A scheduled source is skipped until due; after a failure it is retried on the next tick.
        if (!force && source is IScheduledAdvisorySource scheduled && state.LastAttempt is { } last && now - last < scheduled.MinimumInterval
            && state.ConsecutiveFailures == 0)
        {
            return new SourceSyncReport(source.Name, SourceSyncStatus.NotDue, null, 0, 0, TimeSpan.Zero);
        }

        var before = StateSnapshot.Of(state);
        var lastSuccessBefore = state.LastSuccess;
        state.LastAttempt = now;
        string? error = null;
        var budget = options.Value.PerSourceBudget;
        using var budgetLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budgetLimit.CancelAfter(budget);
        // The source works on a copy, so a source abandoned past its budget cannot change the state saved here.
        var working = Copy(state);
        try
        {
            await source.SyncAsync(working, target, budgetLimit.Token).WaitAsync(budget + options.Value.BudgetGrace, timeProvider, cancellationToken);
            CopyProgress(working, state);
            state.LastSuccess = timeProvider.GetUtcNow();
            state.ConsecutiveFailures = 0;
            state.LastError = null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (budgetLimit.IsCancellationRequested || ex is TimeoutException))
        {
            CopyProgress(working, state);
            error = $"over its time budget of {budget.TotalSeconds:0} s; stopped, progress kept, continues next run";
            state.ConsecutiveFailures++;
            state.LastError = Clip($"{timeProvider.GetUtcNow():u}: {error}");
            LogOverBudget(logger, source.Name, budget.TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            CopyProgress(working, state);
            // Keep the progress made so far; the next run continues from the cursor.
            if (StateSnapshot.Of(state) != before)
            {
                await stateStore.SaveAsync(state, CancellationToken.None);
            }

            throw;
        }
        catch (Exception ex)
        {
            CopyProgress(working, state);
            error = ex.Message;
            state.ConsecutiveFailures++;
            state.LastError = Clip($"{timeProvider.GetUtcNow():u}: {ex.Message}");
            LogSourceFailed(logger, source.Name, state.ConsecutiveFailures, ex);
        }

        try
        {
            if (error is not null || MustSave(source, before, lastSuccessBefore, state))
            {
                await stateStore.SaveAsync(state, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStateUnavailable(logger, source.Name, ex);
            error ??= $"state not saved: {ex.Message}";
        }

        var stored = state.DocumentsStored - before.DocumentsStored;
        var rejected = state.DocumentsRejected - before.DocumentsRejected;
        LogSourceRan(logger, source.Name, error is null ? "succeeded" : "failed", stored, rejected);
        return new SourceSyncReport(source.Name, error is null ? SourceSyncStatus.Succeeded : SourceSyncStatus.Failed, error, stored, rejected, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Whether a successful run must be saved: it changed more than the timestamps, the source is throttled, or the heartbeat is due.</summary>
    private bool MustSave(IAdvisorySource source, StateSnapshot before, DateTimeOffset? lastSuccessBefore, SourceState after) =>
        StateSnapshot.Of(after) != before
        || source is IScheduledAdvisorySource { MinimumInterval: var interval } && interval > TimeSpan.Zero
        || lastSuccessBefore is not { } success
        || after.LastSuccess is not { } latest
        || latest - success >= options.Value.HealthHeartbeat;

    /// <summary>Everything of a <see cref="SourceState"/> except LastAttempt/LastSuccess, compared by value.</summary>
    private sealed record StateSnapshot(
        string? ETag, DateTimeOffset? LastModified, string? Cursor, int ConsecutiveFailures, string? LastError,
        long DocumentsSeen, long DocumentsStored, long DocumentsRejected, string Extra)
    {
        public static StateSnapshot Of(SourceState state) => new(
            state.ETag, state.LastModified, state.Cursor, state.ConsecutiveFailures, state.LastError,
            state.DocumentsSeen, state.DocumentsStored, state.DocumentsRejected,
            string.Join('\n', state.Extra.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "\u0000" + e.Value)));
    }

    private static SourceState Copy(SourceState s)
    {
        var copy = new SourceState { SourceName = s.SourceName, LastAttempt = s.LastAttempt, LastSuccess = s.LastSuccess, ConsecutiveFailures = s.ConsecutiveFailures, LastError = s.LastError };
        CopyProgress(s, copy);
        return copy;
    }

    /// <summary>What a source's sync changes: validators, cursor, counters, extras.</summary>
    private static void CopyProgress(SourceState from, SourceState to)
    {
        to.ETag = from.ETag;
        to.LastModified = from.LastModified;
        to.Cursor = from.Cursor;
        to.DocumentsSeen = from.DocumentsSeen;
        to.DocumentsStored = from.DocumentsStored;
        to.DocumentsRejected = from.DocumentsRejected;
        to.Extra.Clear();
        foreach (var (key, value) in from.Extra.ToList())
        {
            to.Extra[key] = value;
        }
    }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "Source {SourceName} failed ({ConsecutiveFailures} in a row); the other sources continue")]
    private static partial void LogSourceFailed(ILogger logger, string sourceName, int consecutiveFailures, Exception exception);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Source {SourceName} is stale: last success {LastSuccess}, budget {StaleAfter}")]
    private static partial void LogStale(ILogger logger, string sourceName, DateTimeOffset? lastSuccess, TimeSpan staleAfter);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "State of source {SourceName} could not be read or saved")]
    private static partial void LogStateUnavailable(ILogger logger, string sourceName, Exception exception);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Source {SourceName} ran over its time budget of {Seconds} s: stopped, progress kept; the other sources continue")]
    private static partial void LogOverBudget(ILogger logger, string sourceName, double seconds);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Source {SourceName} {Outcome}: {Stored} stored, {Rejected} rejected")]
    private static partial void LogSourceRan(ILogger logger, string sourceName, string outcome, long stored, long rejected);
}
