namespace AdvisoryTracker.Domain.Advisories;

/// <summary>
/// Size limits an advisory must meet before anything is stored (ingest rejects it with the reason otherwise). The raw
/// document of any size under the source's byte cap lives in the blob archive; these bound what goes into tables,
/// matching and emails.
/// </summary>
public static class AdvisoryLimits
{
    public const int MaxRevisionLength = 64;
    public const int MaxTitleLength = 2_000;
    public const int MaxPublisherLength = 500;
    public const int MaxProducts = 10_000;
    public const int MaxVulnerabilities = 5_000;
    public const int MaxReferences = 2_000;
    /// <summary>Longest product name, vendor or version expression.</summary>
    public const int MaxProductFieldLength = 1_000;

    /// <summary>Why the advisory may not be stored, or null when it is within every limit.</summary>
    public static string? Problem(Advisory advisory)
    {
        ArgumentNullException.ThrowIfNull(advisory);
        if (AdvisoryIds.Problem(advisory.Id) is { } idProblem)
        {
            return $"tracking id {idProblem}";
        }

        if (advisory.Revision.Length is 0 or > MaxRevisionLength || advisory.Revision.Any(char.IsControl))
        {
            return $"tracking version must be 1-{MaxRevisionLength} characters without control characters (it is {advisory.Revision.Length})";
        }

        if (advisory.Title.Length > MaxTitleLength)
        {
            return $"title is {advisory.Title.Length} characters, over the limit of {MaxTitleLength}";
        }

        if (advisory.Publisher.Length > MaxPublisherLength)
        {
            return $"publisher is {advisory.Publisher.Length} characters, over the limit of {MaxPublisherLength}";
        }

        if (advisory.Products.Count > MaxProducts)
        {
            return $"{advisory.Products.Count} products, over the limit of {MaxProducts}";
        }

        if (advisory.Products.Any(p => p.Vendor.Length > MaxProductFieldLength || p.ProductId.Length > MaxProductFieldLength || p.ProductName.Length > MaxProductFieldLength
            || (p.VersionExpression?.Length ?? 0) > MaxProductFieldLength))
        {
            return $"a product's vendor, name, id or version is over {MaxProductFieldLength} characters";
        }

        if (advisory.Vulnerabilities.Count > MaxVulnerabilities)
        {
            return $"{advisory.Vulnerabilities.Count} vulnerabilities, over the limit of {MaxVulnerabilities}";
        }

        return advisory.References.Count > MaxReferences
            ? $"{advisory.References.Count} references, over the limit of {MaxReferences}"
            : null;
    }
}
