namespace AdvisoryTracker.Domain.Fda;

public sealed record OpenFdaReadResult(OpenFdaPage? Page, string? RejectionReason)
{
    public bool Succeeded => Page is not null;
}
