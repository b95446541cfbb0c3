namespace AdvisoryTracker.Domain.Sources;

/// <summary>
/// A source that loads enrichment other sources' advisories are read against (the KEV catalogue, EPSS scores): the runner
/// syncs every enrichment source before the advisory sources, so advisories are stored and emailed with it applied.
/// </summary>
public interface IEnrichmentSource : IAdvisorySource;
