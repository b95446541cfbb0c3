using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Adapters.Sources.Kev;

public sealed class EpssOptionsValidator() : SettingValidator<EpssOptions>(EpssOptions.SectionName)
{
    protected override void Check(EpssOptions options, SettingProblems problems)
    {
        if (!options.Enabled)
        {
            return;
        }

        problems.AbsoluteUrl(options.Url, nameof(options.Url));
        problems.Positive(options.Interval, nameof(options.Interval));
        problems.AtLeast(options.MaxBytes, 1, nameof(options.MaxBytes));
    }
}
