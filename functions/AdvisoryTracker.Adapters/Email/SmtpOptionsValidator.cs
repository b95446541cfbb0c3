using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Adapters.Email;

public sealed class SmtpOptionsValidator() : SettingValidator<SmtpOptions>(SmtpOptions.SectionName)
{
    protected override void Check(SmtpOptions options, SettingProblems problems)
    {
        problems.NotEmpty(options.Host, nameof(options.Host));
        problems.Range(options.Port, 1, 65535, nameof(options.Port));
        problems.Email(options.FromAddress, nameof(options.FromAddress));
        problems.Between(options.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), nameof(options.Timeout));
        problems.NotNegative(options.IdleCheckAfter, nameof(options.IdleCheckAfter));
    }
}
