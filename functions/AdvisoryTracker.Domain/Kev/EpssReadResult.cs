namespace AdvisoryTracker.Domain.Kev;

public sealed record EpssReadResult(IReadOnlyList<EpssScore> Scores, string ModelVersion, DateTimeOffset? ScoreDate, IReadOnlyList<string> SkippedLines, string? RejectionReason)
{
    public bool Succeeded => RejectionReason is null;
}
