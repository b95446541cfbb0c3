namespace AdvisoryTracker.Domain.Advisories;

public sealed record CvssScore(string Version, double BaseScore, string BaseSeverity, string VectorString);
