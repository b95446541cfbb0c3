using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Csaf;

/// <summary>A vulnerability whose highest CVSS base score changed (null = no score).</summary>
public sealed record ScoreChange(string Vulnerability, double? Before, double? After);
