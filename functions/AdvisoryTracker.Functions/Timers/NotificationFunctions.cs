using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Registry;
using Microsoft.Azure.Functions.Worker;

namespace AdvisoryTracker.Functions.Timers;

/// <summary>Timer triggers of the notification path; schedules come from app settings, never RunOnStartup.</summary>
public sealed class NotificationFunctions(
    NotificationRelay relay,
    NotificationDispatcher dispatcher,
    DeviceBackfillService backfill,
    NotificationDigestService digest,
    EscalationService escalation)
{
    [Function("OutboxRelay")]
    public Task RelayAsync([TimerTrigger("%OutboxRelaySchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        relay.RelayAsync(cancellationToken);

    [Function("NotificationDrain")]
    public Task DrainAsync([TimerTrigger("%NotificationDrainSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.DrainAsync(cancellationToken);

    [Function("DeviceBackfill")]
    public Task BackfillAsync([TimerTrigger("%DeviceBackfillSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        backfill.RunAsync(cancellationToken);

    [Function("DigestSchedule")]
    public Task DigestAsync([TimerTrigger("%DigestSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        digest.RunAsync(cancellationToken);

    [Function("EscalationSchedule")]
    public Task EscalateAsync([TimerTrigger("%EscalationSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        escalation.RunAsync(cancellationToken);
}
