namespace AdvisoryTracker.Domain.Vendors;

/// <summary>How a written vendor name resolved: the canonical vendor id and the alias that matched.</summary>
public sealed record ResolvedVendor(string Id, string Name, string MatchedAlias, bool InCatalogue);
