using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Adapters.Sources.Kev;

public sealed class EpssOptionsValidator() : SettingValidator<EpssOptions>(EpssOptions.SectionName)
{
    protected override void Check(EpssOptions options, SettingProblems problems)
    {
        if (options.Enabled)
        {
            KevOptionsValidator.CheckDownload(problems, options.Url, options.Interval, options.MaxBytes);
        }
    }
}
