using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.RemediationTracking;
using AdvisoryTracker.Domain.Storage;

namespace AdvisoryTracker.Api.Remediation;

/// <summary>The outcome of a triage decision: null error when it was recorded.</summary>
public sealed record TriageResult(string? Field, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Triage of <c>possibly_affected</c> matches: a person confirms the device is affected or dismisses the match, with a
/// reason (no patient data). The decision is a remediation history entry with the person as actor (dismiss moves the
/// remediation to not_affected), and the match's status becomes affected or not_affected.
/// </summary>
public sealed class TriageService(IRemediationStore remediation, IMatchStore matches, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    public async Task<TriageResult> DecideAsync(string deviceId, string advisoryId, bool confirm, string? reason, string by, CancellationToken cancellationToken)
    {
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length < 3 || trimmed.Length > MaxReasonLength)
        {
            return new TriageResult("reason", $"give a reason of 3 to {MaxReasonLength} characters (no patient data)");
        }

        if (trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return new TriageResult("reason", "may not contain control characters");
        }

        var current = (await remediation.ListForDeviceAsync(deviceId, cancellationToken))
            .FirstOrDefault(m => string.Equals(m.Match.AdvisoryId, advisoryId, StringComparison.Ordinal));
        if (current is null)
        {
            return new TriageResult("match", $"device '{deviceId}' has no match for advisory '{advisoryId}'");
        }

        if (current.Match.Status != MatchStatus.PossiblyAffected)
        {
            return new TriageResult("match", $"this match is already {current.Match.Status.ToName()}; only possibly_affected matches are triaged");
        }

        var status = confirm ? current.Remediation.Status : RemediationStatus.NotAffected;
        if (!confirm && !RemediationWorkflow.IsAllowed(current.Remediation.Status, status))
        {
            return new TriageResult("match", $"the remediation is {current.Remediation.Status.ToName()}; it cannot be dismissed as not affected");
        }

        var note = (confirm ? "Triage: confirmed affected. " : "Triage: dismissed, not affected. ") + trimmed;
        var entry = new RemediationHistoryEntry(status, by.Trim(), time.GetUtcNow(), note.Length > RemediationWorkflow.MaxNoteLength ? note[..RemediationWorkflow.MaxNoteLength] : note);
        if (!await remediation.SaveRemediationAsync(deviceId, advisoryId, entry, current.ETag, cancellationToken))
        {
            return new TriageResult("match", "the match changed while this decision was made; reload and decide again");
        }

        await matches.SaveAsync(current.Match with { Status = confirm ? MatchStatus.Affected : MatchStatus.NotAffected }, [], cancellationToken);
        return new TriageResult(null, null);
    }
}
