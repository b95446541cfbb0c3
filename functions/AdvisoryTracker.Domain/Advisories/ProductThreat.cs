namespace AdvisoryTracker.Domain.Advisories;

/// <summary>A CSAF threat (category impact, exploit_status or target_set) and the products it names (empty = all).</summary>
public sealed record ProductThreat(string Category, string Details, IReadOnlyList<string> ProductIds);
