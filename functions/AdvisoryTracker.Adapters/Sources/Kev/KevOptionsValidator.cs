using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Adapters.Sources.Kev;

public sealed class KevOptionsValidator() : SettingValidator<KevOptions>(KevOptions.SectionName)
{
    protected override void Check(KevOptions options, SettingProblems problems)
    {
        if (options.Enabled)
        {
            CheckDownload(problems, options.Url, options.Interval, options.MaxBytes);
        }
    }

    /// <summary>The settings of a daily download (KEV, EPSS): <c>Url</c>, <c>Interval</c>, <c>MaxBytes</c>.</summary>
    internal static void CheckDownload(SettingProblems problems, string url, TimeSpan interval, long maxBytes)
    {
        problems.AbsoluteUrl(url, nameof(KevOptions.Url));
        problems.Positive(interval, nameof(KevOptions.Interval));
        problems.AtLeast(maxBytes, 1, nameof(KevOptions.MaxBytes));
    }
}
