namespace AdvisoryTracker.Domain.Matching;

public enum MatchStatus
{
    Affected,
    PossiblyAffected,
    NotAffected,
}
