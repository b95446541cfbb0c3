using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Domain.Tracking;

namespace AdvisoryTracker.Api.Jobs;

/// <summary>
/// The one table of scheduled jobs. The local runner schedules every entry of <see cref="All"/>; the Function App's timer
/// triggers take their function names and <c>%Setting%</c> schedules from the constants here (attributes need constants),
/// and a test checks that every timer function is an entry of <see cref="All"/> with the same name, schedule setting and
/// service, and that the defaults are the sample settings' values.
/// </summary>
public static class ScheduledJobs
{
    public const string SourceSync = "SourceSync";
    public const string SourceSyncSetting = "SourceSyncSchedule";
    public const string SourceSyncSchedule = "%" + SourceSyncSetting + "%";

    public const string OutboxRelay = "OutboxRelay";
    public const string OutboxRelaySetting = "OutboxRelaySchedule";
    public const string OutboxRelaySchedule = "%" + OutboxRelaySetting + "%";

    public const string OutboxSweep = "OutboxSweep";
    public const string OutboxSweepSetting = "OutboxSweepSchedule";
    public const string OutboxSweepSchedule = "%" + OutboxSweepSetting + "%";

    public const string NotificationDrain = "NotificationDrain";
    public const string NotificationDrainSetting = "NotificationDrainSchedule";
    public const string NotificationDrainSchedule = "%" + NotificationDrainSetting + "%";

    public const string DeviceBackfill = "DeviceBackfill";
    public const string DeviceBackfillSetting = "DeviceBackfillSchedule";
    public const string DeviceBackfillSchedule = "%" + DeviceBackfillSetting + "%";

    /// <summary>The daily digest (the function has kept the name of its setting).</summary>
    public const string Digest = "DigestSchedule";
    public const string DigestSetting = "DigestSchedule";
    public const string DigestSchedule = "%" + DigestSetting + "%";

    /// <summary>Overdue remediation escalation (the function has kept the name of its setting).</summary>
    public const string Escalation = "EscalationSchedule";
    public const string EscalationSetting = "EscalationSchedule";
    public const string EscalationSchedule = "%" + EscalationSetting + "%";

    public static IReadOnlyList<ScheduledJob> All { get; } =
    [
        ScheduledJob.For<SourceSyncRunner>(SourceSync, SourceSyncSetting, "0 */5 * * * *",
            (runner, ct) => runner.RunAsync(force: false, onlySource: null, ct)),
        ScheduledJob.For<NotificationRelay>(OutboxRelay, OutboxRelaySetting, "*/30 * * * * *",
            (relay, ct) => relay.RelayAsync(ct)),
        ScheduledJob.For<NotificationRelay>(OutboxSweep, OutboxSweepSetting, "0 17 * * * *",
            (relay, ct) => relay.SweepAsync(ct)),
        ScheduledJob.For<NotificationDispatcher>(NotificationDrain, NotificationDrainSetting, "*/30 * * * * *",
            (dispatcher, ct) => dispatcher.DrainAsync(ct)),
        ScheduledJob.For<DeviceBackfillService>(DeviceBackfill, DeviceBackfillSetting, "*/20 * * * * *",
            (backfill, ct) => backfill.RunAsync(ct)),
        ScheduledJob.For<NotificationDigestService>(Digest, DigestSetting, "0 0 7 * * *",
            (digest, ct) => digest.RunAsync(ct)),
        ScheduledJob.For<EscalationService>(Escalation, EscalationSetting, "0 0 * * * *",
            (escalation, ct) => escalation.RunAsync(ct)),
    ];
}
