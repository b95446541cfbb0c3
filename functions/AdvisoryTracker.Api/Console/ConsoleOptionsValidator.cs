using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Api.Console;

public sealed class ConsoleOptionsValidator() : SettingValidator<ConsoleOptions>(ConsoleOptions.SectionName)
{
    protected override void Check(ConsoleOptions options, SettingProblems problems)
    {
        problems.Require(string.IsNullOrEmpty(options.SessionKey) || options.SessionKey.Length >= 32, nameof(options.SessionKey),
            "must be at least 32 characters (or empty for a random key per process)");
        problems.Require(options.SessionLifetime > TimeSpan.Zero && options.SessionLifetime <= TimeSpan.FromDays(7), nameof(options.SessionLifetime),
            $"must be positive and at most 7 days (is {options.SessionLifetime})");
    }
}
