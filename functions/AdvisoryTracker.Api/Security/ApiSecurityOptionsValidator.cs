using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Api.Security;

public sealed class ApiSecurityOptionsValidator() : SettingValidator<ApiSecurityOptions>(ApiSecurityOptions.SectionName)
{
    protected override void Check(ApiSecurityOptions options, SettingProblems problems)
    {
        problems.Require(options.RequestTimeout > TimeSpan.Zero && options.RequestTimeout <= TimeSpan.FromMinutes(10), nameof(options.RequestTimeout),
            $"must be more than 0 and at most 10 minutes (is {options.RequestTimeout})");
        problems.AtLeast(options.MaxBodyBytes, 1, nameof(options.MaxBodyBytes));
        problems.AtLeast(options.MaxImportBytes, 1, nameof(options.MaxImportBytes));
    }
}
