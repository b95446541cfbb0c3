using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Adapters.Sources.OpenFda;

public sealed class OpenFdaOptionsValidator() : SettingValidator<OpenFdaOptions>(OpenFdaOptions.SectionName)
{
    protected override void Check(OpenFdaOptions options, SettingProblems problems)
    {
        if (!options.Enabled)
        {
            return;
        }

        problems.AbsoluteUrl(options.BaseUrl, nameof(options.BaseUrl));
        problems.Range(options.PageSize, 1, 1000, nameof(options.PageSize));
        problems.AtLeast(options.MaxPagesPerRun, 1, nameof(options.MaxPagesPerRun));
        problems.Range(options.InitialLookbackDays, 1, 3650, nameof(options.InitialLookbackDays));
        problems.Range(options.OverlapDays, 0, 365, nameof(options.OverlapDays));
        problems.NotNegative(options.PauseBetweenPages, nameof(options.PauseBetweenPages));
        problems.Positive(options.Interval, nameof(options.Interval));
        problems.AtLeast(options.MaxResponseBytes, 1, nameof(options.MaxResponseBytes));
    }
}
