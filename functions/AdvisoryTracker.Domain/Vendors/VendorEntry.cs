namespace AdvisoryTracker.Domain.Vendors;

/// <summary>One canonical vendor: the names it is written under and, for a business unit, its umbrella brand.</summary>
public sealed record VendorEntry(string Id, string Name, IReadOnlyList<string> Aliases, string? Parent = null)
{
    /// <summary>Dated corporate history (acquired, renamed_from, brand, spun_off_from) with a provenance note each.</summary>
    public IReadOnlyList<CorporateEvent> History { get; init; } = [];

    /// <summary>Where the entry's facts come from (public source, in a few words).</summary>
    public string? Provenance { get; init; }
}
