using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Domain.Notifications;

public sealed class EscalationOptionsValidator() : SettingValidator<EscalationOptions>(EscalationOptions.SectionName)
{
    protected override void Check(EscalationOptions options, SettingProblems problems)
    {
        problems.Positive(options.OpenAfter, nameof(options.OpenAfter));
        if (!string.IsNullOrWhiteSpace(options.DefaultAdmin))
        {
            problems.Email(options.DefaultAdmin, nameof(options.DefaultAdmin));
        }

        foreach (var (department, admin) in options.DepartmentAdmins)
        {
            problems.Email(admin, $"{nameof(options.DepartmentAdmins)}:{department}");
        }
    }
}
