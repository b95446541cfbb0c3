using AdvisoryTracker.Api.Jobs;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Functions.Timers;

/// <summary>
/// Syncs the advisory sources. The timer fires on <c>SourceSyncSchedule</c>; each source syncs only when its own
/// MinimumInterval has passed, and one failing source never stops the others. Name and schedule setting from the job
/// table (<see cref="ScheduledJobs"/>).
/// </summary>
public sealed class SourceFunctions(SourceSyncRunner runner)
{
    [Function(ScheduledJobs.SourceSync)]
    public Task SyncAsync([TimerTrigger(ScheduledJobs.SourceSyncSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(force: false, onlySource: null, cancellationToken);
}
