using AdvisoryTracker.Domain.Sources;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Functions.Timers;

/// <summary>
/// Syncs the advisory sources. The timer fires on <c>SourceSyncSchedule</c>; each source syncs only when its own
/// MinimumInterval has passed, and one failing source never stops the others.
/// </summary>
public sealed class SourceFunctions(SourceSyncRunner runner)
{
    [Function("SourceSync")]
    public Task SyncAsync([TimerTrigger("%SourceSyncSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(force: false, onlySource: null, cancellationToken);
}
