namespace AdvisoryTracker.Domain.Kev;

/// <summary>The whole catalogue as published (<c>known_exploited_vulnerabilities.json</c>).</summary>
public sealed record KevCatalogue(string CatalogVersion, DateTimeOffset? DateReleased, IReadOnlyList<KnownExploitedVulnerability> Vulnerabilities, string ContentHash);
