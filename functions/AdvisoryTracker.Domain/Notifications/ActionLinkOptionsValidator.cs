using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Domain.Notifications;

public sealed class ActionLinkOptionsValidator() : SettingValidator<ActionLinkOptions>(ActionLinkOptions.SectionName)
{
    protected override void Check(ActionLinkOptions options, SettingProblems problems)
    {
        problems.Require(
            string.IsNullOrEmpty(options.ActionLinkKey) || options.ActionLinkKey.Length >= ActionLinkOptions.MinKeyLength,
            nameof(options.ActionLinkKey),
            $"must be at least {ActionLinkOptions.MinKeyLength} characters (or empty to turn one-click links off)");
        problems.Range(options.ActionLinkDays, 1, 365, nameof(options.ActionLinkDays));
        if (!string.IsNullOrEmpty(options.ConsoleBaseUrl))
        {
            problems.AbsoluteUrl(options.ConsoleBaseUrl, nameof(options.ConsoleBaseUrl));
        }
    }
}
