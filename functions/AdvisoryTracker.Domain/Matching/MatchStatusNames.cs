namespace AdvisoryTracker.Domain.Matching;

public static class MatchStatusNames
{
    public static string ToName(this MatchStatus status) => status switch
    {
        MatchStatus.Affected => "affected",
        MatchStatus.PossiblyAffected => "possibly_affected",
        MatchStatus.NotAffected => "not_affected",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static MatchStatus Parse(string name) => name switch
    {
        "affected" => MatchStatus.Affected,
        "possibly_affected" => MatchStatus.PossiblyAffected,
        "not_affected" => MatchStatus.NotAffected,
        _ => throw new FormatException($"unknown match status '{name}'"),
    };

    /// <summary>True when the device must be flagged to people (affected or possibly affected).</summary>
    public static bool IsFlagged(this MatchStatus status) => status is MatchStatus.Affected or MatchStatus.PossiblyAffected;
}
