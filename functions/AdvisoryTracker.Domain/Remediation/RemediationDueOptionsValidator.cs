using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Domain.Remediation;

public sealed class RemediationDueOptionsValidator() : SettingValidator<RemediationDueOptions>(RemediationDueOptions.SectionName)
{
    protected override void Check(RemediationDueOptions options, SettingProblems problems)
    {
        problems.Range(options.KnownExploitedDays, 1, 3650, nameof(options.KnownExploitedDays));
        problems.Range(options.CriticalDays, 1, 3650, nameof(options.CriticalDays));
        problems.Range(options.HighDays, 1, 3650, nameof(options.HighDays));
        problems.Range(options.MediumDays, 1, 3650, nameof(options.MediumDays));
        problems.Range(options.LowDays, 1, 3650, nameof(options.LowDays));
        problems.Range(options.UnknownDays, 1, 3650, nameof(options.UnknownDays));
    }
}
