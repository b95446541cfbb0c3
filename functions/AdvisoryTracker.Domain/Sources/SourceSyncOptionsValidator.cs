using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Domain.Sources;

public sealed class SourceSyncOptionsValidator() : SettingValidator<SourceSyncOptions>(SourceSyncOptions.SectionName)
{
    protected override void Check(SourceSyncOptions options, SettingProblems problems)
    {
        problems.Positive(options.PerSourceBudget, nameof(options.PerSourceBudget));
        problems.NotNegative(options.BudgetGrace, nameof(options.BudgetGrace));
        problems.Positive(options.StaleAfter, nameof(options.StaleAfter));
        problems.Require(
            options.HealthHeartbeat > TimeSpan.Zero && options.HealthHeartbeat < options.StaleAfter,
            nameof(options.HealthHeartbeat),
            $"must be positive and shorter than Sources__StaleAfter (is {options.HealthHeartbeat}, StaleAfter {options.StaleAfter})");
    }
}
