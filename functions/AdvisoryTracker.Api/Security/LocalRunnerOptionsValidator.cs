using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Api.Security;

/// <summary>The local runner's settings, checked before its host is built (they decide its key and its address).</summary>
public sealed class LocalRunnerOptionsValidator() : SettingValidator<LocalRunnerOptions>(LocalRunnerOptions.SectionName)
{
    protected override void Check(LocalRunnerOptions options, SettingProblems problems)
    {
        problems.Require(!string.IsNullOrWhiteSpace(options.FunctionKey), nameof(options.FunctionKey),
            "is not set: the local runner refuses to serve the admin API without a key (set it in local.settings.json, see local.settings.sample.json, or the environment)");
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            problems.Require(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", nameof(options.Urls),
                $"must be absolute http(s) URLs separated by ';' (has '{url}')");
        }
    }
}
