using System.Globalization;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Triage;

/// <summary>
/// Carries a reviewer's decision on a <c>possibly_affected</c> match over to a later revision of the advisory: while the
/// evidence for the device is unchanged (<see cref="TriageEvidence.StillApplies"/>) the match keeps the decided status
/// (confirmed → affected, dismissed → not affected) and its explanation says who decided, when, on which revision and
/// why; when the evidence changed the match stays <c>possibly_affected</c> and says the earlier decision needs a new look.
/// </summary>
public sealed class TriageCarryOver(ITriageStore decisions)
{
    /// <summary>Starts the triage part of an explanation (not part of the evidence fingerprint).</summary>
    public const string Marker = "; triage: ";

    public async Task<StoredMatch> ApplyAsync(StoredMatch match, CancellationToken cancellationToken)
    {
        if (match.Status != MatchStatus.PossiblyAffected)
        {
            return match;
        }

        var decision = await decisions.GetAsync(match.DeviceId, match.AdvisoryId, cancellationToken);
        if (decision is null)
        {
            return match;
        }

        var said = string.Create(CultureInfo.InvariantCulture,
            $"{Marker}{decision.Verdict.ToName()} by {decision.By} on {decision.At:yyyy-MM-dd} (revision {decision.Revision})");
        return TriageEvidence.StillApplies(decision, match)
            ? match with
            {
                Status = decision.Verdict == TriageVerdict.Confirmed ? MatchStatus.Affected : MatchStatus.NotAffected,
                Explanation = $"{match.Explanation}{said}: {decision.Reason}",
            }
            : match with { Explanation = $"{match.Explanation}{said}, but the evidence for this device has changed since: review again" };
    }
}
