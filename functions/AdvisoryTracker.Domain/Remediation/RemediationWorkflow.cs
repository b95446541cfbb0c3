namespace AdvisoryTracker.Domain.Remediation;

/// <summary>
/// Pure rules for remediation updates: which transitions are allowed and what a note may hold. Notes are capped at
/// <see cref="MaxNoteLength"/> characters and must hold NO patient data (device-level facts only: ticket numbers,
/// firmware installed, compensating controls); the UI and API say so next to the field.
/// </summary>
public static class RemediationWorkflow
{
    public const int MaxNoteLength = 1000;
    public const int MaxByLength = 200;

    private static readonly Dictionary<RemediationStatus, RemediationStatus[]> Allowed = new()
    {
        [RemediationStatus.Open] = [RemediationStatus.InProgress, RemediationStatus.Mitigated, RemediationStatus.Patched, RemediationStatus.NotAffected, RemediationStatus.RiskAccepted],
        [RemediationStatus.InProgress] = [RemediationStatus.Open, RemediationStatus.Mitigated, RemediationStatus.Patched, RemediationStatus.NotAffected, RemediationStatus.RiskAccepted],
        [RemediationStatus.Mitigated] = [RemediationStatus.Open, RemediationStatus.InProgress, RemediationStatus.Patched, RemediationStatus.RiskAccepted],
        [RemediationStatus.Patched] = [RemediationStatus.Open],
        [RemediationStatus.NotAffected] = [RemediationStatus.Open],
        [RemediationStatus.RiskAccepted] = [RemediationStatus.Open, RemediationStatus.InProgress, RemediationStatus.Mitigated, RemediationStatus.Patched],
    };

    public static bool IsAllowed(RemediationStatus from, RemediationStatus to) => Allowed[from].Contains(to);

    /// <summary>Validates and builds the history entry for moving from <paramref name="current"/> to <paramref name="next"/>.</summary>
    public static RemediationUpdateResult Apply(RemediationStatus current, RemediationStatus next, string by, string? note, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            return new RemediationUpdateResult(null, "the person making the update is required");
        }

        if (by.Length > MaxByLength)
        {
            return new RemediationUpdateResult(null, $"'by' is longer than {MaxByLength} characters");
        }

        if (!IsAllowed(current, next))
        {
            return new RemediationUpdateResult(null, $"cannot move from {current.ToName()} to {next.ToName()}; allowed: {string.Join(", ", Allowed[current].Select(s => s.ToName()))}");
        }

        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmed is { Length: > MaxNoteLength })
        {
            return new RemediationUpdateResult(null, $"the note is {trimmed.Length} characters; the limit is {MaxNoteLength} (and it must hold no patient data)");
        }

        return new RemediationUpdateResult(new RemediationHistoryEntry(next, by.Trim(), time.GetUtcNow(), trimmed), null);
    }
}
