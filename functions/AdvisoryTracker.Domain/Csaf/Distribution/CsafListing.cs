namespace AdvisoryTracker.Domain.Csaf.Distribution;

/// <summary>The outcome of reading a feed or listing: entries, or the reason it cannot be used.</summary>
public sealed record CsafListing(IReadOnlyList<CsafDistributionEntry> Entries, string? Error)
{
    public static CsafListing Failed(string error) => new([], error);
}
