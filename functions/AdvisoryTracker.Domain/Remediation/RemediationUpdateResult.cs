namespace AdvisoryTracker.Domain.Remediation;

/// <summary>The outcome of applying an update: the new entry, or the reason it was refused.</summary>
public sealed record RemediationUpdateResult(RemediationHistoryEntry? Entry, string? Error)
{
    public bool Succeeded => Entry is not null;
}
