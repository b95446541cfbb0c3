using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Csaf;

/// <summary>A product whose status for a vulnerability changed (e.g. known_affected -> fixed).</summary>
public sealed record ProductStatusChange(string Vulnerability, string Product, IReadOnlyList<ProductStatus> Before, IReadOnlyList<ProductStatus> After);
