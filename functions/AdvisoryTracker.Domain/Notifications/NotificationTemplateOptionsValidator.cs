using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Domain.Notifications;

public sealed class NotificationTemplateOptionsValidator() : SettingValidator<NotificationTemplateOptions>(NotificationTemplateOptions.SectionName)
{
    protected override void Check(NotificationTemplateOptions options, SettingProblems problems) =>
        problems.Require(
            string.IsNullOrWhiteSpace(options.TemplateFolder) || Directory.Exists(options.TemplateFolder),
            nameof(options.TemplateFolder),
            $"folder '{options.TemplateFolder}' does not exist (leave empty for the built-in templates)");
}
