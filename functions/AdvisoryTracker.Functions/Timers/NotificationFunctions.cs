using AdvisoryTracker.Api.Jobs;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Tracking;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Functions.Timers;

/// <summary>
/// Timer triggers of the notification path; names and schedule settings from the job table (<see cref="ScheduledJobs"/>),
/// schedules from app settings, never RunOnStartup.
/// </summary>
public sealed class NotificationFunctions(
    NotificationRelay relay,
    NotificationDispatcher dispatcher,
    DeviceBackfillService backfill,
    NotificationDigestService digest,
    EscalationService escalation)
{
    [Function(ScheduledJobs.OutboxRelay)]
    public Task RelayAsync([TimerTrigger(ScheduledJobs.OutboxRelaySchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        relay.RelayAsync(cancellationToken);

    [Function(ScheduledJobs.OutboxSweep)]
    public Task SweepAsync([TimerTrigger(ScheduledJobs.OutboxSweepSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        relay.SweepAsync(cancellationToken);

    [Function(ScheduledJobs.NotificationDrain)]
    public Task DrainAsync([TimerTrigger(ScheduledJobs.NotificationDrainSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.DrainAsync(cancellationToken);

    [Function(ScheduledJobs.DeviceBackfill)]
    public Task BackfillAsync([TimerTrigger(ScheduledJobs.DeviceBackfillSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        backfill.RunAsync(cancellationToken);

    [Function(ScheduledJobs.Digest)]
    public Task DigestAsync([TimerTrigger(ScheduledJobs.DigestSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        digest.RunAsync(cancellationToken);

    [Function(ScheduledJobs.Escalation)]
    public Task EscalateAsync([TimerTrigger(ScheduledJobs.EscalationSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        escalation.RunAsync(cancellationToken);
}
