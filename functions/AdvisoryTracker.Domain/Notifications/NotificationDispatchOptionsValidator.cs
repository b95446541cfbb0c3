using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Domain.Notifications;

public sealed class NotificationDispatchOptionsValidator() : SettingValidator<NotificationDispatchOptions>(NotificationDispatchOptions.SectionName)
{
    protected override void Check(NotificationDispatchOptions options, SettingProblems problems)
    {
        problems.Range(options.BatchSize, 1, 32, nameof(options.BatchSize));
        problems.NotNegative(options.ReceiveWait, nameof(options.ReceiveWait));
        problems.Positive(options.TimeBudget, nameof(options.TimeBudget));
    }
}
