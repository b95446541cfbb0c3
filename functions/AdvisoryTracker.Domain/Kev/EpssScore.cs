namespace AdvisoryTracker.Domain.Kev;

/// <summary>The FIRST EPSS probability of exploitation in the next 30 days, and its percentile.</summary>
public sealed record EpssScore(string CveId, double Probability, double Percentile, string ModelVersion, DateTimeOffset? ScoreDate);
