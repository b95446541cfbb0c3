namespace AdvisoryTracker.Domain.Kev;

public sealed record KevReadResult(KevCatalogue? Catalogue, string? RejectionReason, IReadOnlyList<string> SkippedEntries)
{
    public bool Succeeded => Catalogue is not null;
}
