using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Remediation;
using AdvisoryTracker.Domain.Triage;

namespace AdvisoryTracker.Api.Remediation;

/// <summary>The outcome of a triage decision: null error when it was recorded.</summary>
public sealed record TriageResult(string? Field, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Triage of <c>possibly_affected</c> matches: a person confirms the device is affected or dismisses the match, with a
/// reason (no patient data). The decision is a remediation history entry with the person as actor (dismiss moves the
/// remediation to not_affected), the match's status becomes affected or not_affected, and the decision is stored with
/// the fingerprint of the evidence it was made on (<see cref="ITriageStore"/>), so it carries over to later revisions
/// while that evidence is unchanged. The console and <c>PUT /api/devices/{id}/matches/{advisoryId}/triage</c> both
/// decide through here.
/// </summary>
public sealed class TriageService(IRemediationStore remediation, IMatchStore matches, ITriageStore decisions, TimeProvider time)
{
    public const int MaxReasonLength = 1000;

    public async Task<TriageResult> DecideAsync(string deviceId, string advisoryId, bool confirm, string? reason, string by, CancellationToken cancellationToken) =>
        (await DecideWithRecordAsync(deviceId, advisoryId, confirm, reason, by, cancellationToken)).Result;

    /// <summary>As <see cref="DecideAsync"/>, with the stored decision when it was recorded.</summary>
    public async Task<(TriageResult Result, TriageDecision? Decision)> DecideWithRecordAsync(string deviceId, string advisoryId, bool confirm, string? reason, string by, CancellationToken cancellationToken)
    {
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length < 1 || trimmed.Length > MaxReasonLength)
        {
            return (new TriageResult("reason", $"give a reason of 1 to {MaxReasonLength} characters (no patient data)"), null);
        }

        if (trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return (new TriageResult("reason", "may not contain control characters"), null);
        }

        var current = (await remediation.ListForDeviceAsync(deviceId, cancellationToken))
            .FirstOrDefault(m => string.Equals(m.Match.AdvisoryId, advisoryId, StringComparison.Ordinal));
        if (current is null)
        {
            return (new TriageResult("match", $"device '{deviceId}' has no match for advisory '{advisoryId}'"), null);
        }

        if (current.Match.Status != MatchStatus.PossiblyAffected)
        {
            return (new TriageResult("match", $"this match is already {current.Match.Status.ToName()}; only possibly_affected matches are triaged"), null);
        }

        var status = confirm ? current.Remediation.Status : RemediationStatus.NotAffected;
        if (!confirm && !RemediationWorkflow.IsAllowed(current.Remediation.Status, status))
        {
            return (new TriageResult("match", $"the remediation is {current.Remediation.Status.ToName()}; it cannot be dismissed as not affected"), null);
        }

        var note = (confirm ? "Triage: confirmed affected. " : "Triage: dismissed, not affected. ") + trimmed;
        var entry = new RemediationHistoryEntry(status, by.Trim(), time.GetUtcNow(), note.Length > RemediationWorkflow.MaxNoteLength ? note[..RemediationWorkflow.MaxNoteLength] : note);
        if (!await remediation.SaveRemediationAsync(deviceId, advisoryId, entry, current.ETag, cancellationToken))
        {
            return (new TriageResult("match", "the match changed while this decision was made; reload and decide again"), null);
        }

        var decision = new TriageDecision(deviceId, advisoryId, confirm ? TriageVerdict.Confirmed : TriageVerdict.Dismissed, by.Trim(),
            entry.At, trimmed, TriageEvidence.Fingerprint(current.Match), current.Match.Revision);
        await decisions.SaveAsync(decision, cancellationToken);
        await matches.SaveAsync(current.Match with { Status = confirm ? MatchStatus.Affected : MatchStatus.NotAffected }, [], cancellationToken);
        return (new TriageResult(null, null), decision);
    }
}
