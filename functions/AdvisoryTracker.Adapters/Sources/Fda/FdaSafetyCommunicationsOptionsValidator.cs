using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Adapters.Sources.Fda;

public sealed class FdaSafetyCommunicationsOptionsValidator() : SettingValidator<FdaSafetyCommunicationsOptions>(FdaSafetyCommunicationsOptions.SectionName)
{
    protected override void Check(FdaSafetyCommunicationsOptions options, SettingProblems problems)
    {
        if (!options.Enabled)
        {
            return;
        }

        for (var i = 0; i < options.Feeds.Count; i++)
        {
            problems.NotEmpty(options.Feeds[i].Name, $"{nameof(options.Feeds)}:{i}:{nameof(FdaFeedOptions.Name)}");
            problems.AbsoluteUrl(options.Feeds[i].Url, $"{nameof(options.Feeds)}:{i}:{nameof(FdaFeedOptions.Url)}");
        }

        problems.AtLeast(options.MaxItemsPerRun, 1, nameof(options.MaxItemsPerRun));
        problems.AtLeast(options.MaxFeedBytes, 1, nameof(options.MaxFeedBytes));
        problems.AtLeast(options.MaxPageBytes, 1, nameof(options.MaxPageBytes));
    }
}
