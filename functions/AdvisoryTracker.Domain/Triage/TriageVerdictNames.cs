using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Triage;

public static class TriageVerdictNames
{
    public static string ToName(this TriageVerdict verdict) => verdict == TriageVerdict.Confirmed ? "confirmed" : "dismissed";

    /// <summary>"confirm"/"confirmed" or "dismiss"/"dismissed".</summary>
    public static bool TryParse(string? text, out TriageVerdict verdict)
    {
        verdict = text switch
        {
            "confirm" or "confirmed" => TriageVerdict.Confirmed,
            "dismiss" or "dismissed" => TriageVerdict.Dismissed,
            _ => (TriageVerdict)(-1),
        };
        return Enum.IsDefined(verdict);
    }
}
