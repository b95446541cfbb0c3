namespace AdvisoryTracker.Domain.Advisories;

/// <summary>An EPSS score as CSAF 2.1 carries it (probability and percentile between 0 and 1).</summary>
public sealed record EpssMetric(double Probability, double Percentile, DateTimeOffset? Timestamp);
