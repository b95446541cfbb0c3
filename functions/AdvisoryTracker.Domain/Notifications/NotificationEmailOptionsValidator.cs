using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Domain.Notifications;

public sealed class NotificationEmailOptionsValidator() : SettingValidator<NotificationEmailOptions>(NotificationEmailOptions.SectionName)
{
    protected override void Check(NotificationEmailOptions options, SettingProblems problems) =>
        problems.AbsoluteUrl(options.PublicBaseUrl, nameof(options.PublicBaseUrl));
}
