using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>CVSS qualitative severity, ordered; <see cref="None"/> as a threshold means "everything is immediate".</summary>
public enum SeverityLevel
{
    None = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

/// <summary>How a recipient gets notifications below their threshold.</summary>
public enum DigestMode
{
    /// <summary>Every notification is sent at once (the threshold has no effect).</summary>
    Immediate,
    /// <summary>Notifications below the threshold are collected into one email per day.</summary>
    Daily,
}

public static class SeverityLevels
{
    public static bool TryParse(string? text, out SeverityLevel level) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out level) && Enum.IsDefined(level);

    /// <summary>
    /// The advisory's severity: its highest CVSS severity, else the severity its source assigned without CVSS (the FDA
    /// recall class: Class I critical, II medium, III low, see <see cref="Fda.OpenFdaReader.SeverityOf"/>); null when it
    /// is not scored at all (never below any threshold). Stored severity, the <c>?severity=</c> filter, digest
    /// thresholds, escalation and email subjects all read this one value.
    /// </summary>
    public static SeverityLevel? Of(Advisory advisory) =>
        advisory.HighestCvss is { } cvss && TryParse(cvss.BaseSeverity, out var level) ? level
        : TryParse(advisory.Severity, out var assigned) && assigned != SeverityLevel.None ? assigned
        : null;

    /// <summary>The severity as stored and filtered (<c>CRITICAL</c>, <c>HIGH</c>, ...), or null when not scored.</summary>
    public static string? Label(Advisory advisory) => Of(advisory)?.ToString().ToUpperInvariant();

    /// <summary>The severity with where it came from, for people: <c>HIGH (CVSS 8.8)</c>, <c>MEDIUM (FDA Class II recall)</c>, or <c>not scored</c>.</summary>
    public static string Describe(Advisory advisory) =>
        advisory.HighestCvss is { } cvss && TryParse(cvss.BaseSeverity, out var level)
            ? $"{level.ToString().ToUpperInvariant()} (CVSS {cvss.BaseScore.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)})"
            : Label(advisory) is { } label
                ? advisory.RecallClass is { Length: > 0 } recallClass ? $"{label} (FDA {recallClass} recall)" : label
                : "not scored";
}

/// <summary>One recipient's notification preferences; missing means immediate for everything.</summary>
public sealed record RecipientPreferences(string Recipient, SeverityLevel Threshold, DigestMode Digest, DateTimeOffset? UpdatedAt = null)
{
    public static RecipientPreferences Default(string recipient) => new(recipient, SeverityLevel.None, DigestMode.Immediate);

    /// <summary>
    /// True when a notification goes into the daily digest instead of out at once: the recipient chose the daily digest
    /// and the advisory is scored below their threshold. Unscored advisories and known-exploited ones are never delayed.
    /// </summary>
    public bool Defers(SeverityLevel? severity, bool? knownExploited) =>
        Digest == DigestMode.Daily && knownExploited != true && severity is { } s && s < Threshold;
}

/// <summary>RecipientPreferences table.</summary>
public interface IRecipientPreferencesStore
{
    Task<RecipientPreferences?> GetAsync(string recipient, CancellationToken cancellationToken);

    Task SaveAsync(RecipientPreferences preferences, CancellationToken cancellationToken);

    IAsyncEnumerable<RecipientPreferences> ListAsync(CancellationToken cancellationToken);
}

/// <summary>A notification held back for a recipient's daily digest.</summary>
public sealed record DigestEntry(
    string Recipient,
    string MessageId,
    string AdvisoryId,
    string Revision,
    NotificationKind Kind,
    IReadOnlyList<string> DeviceIds,
    DateTimeOffset QueuedAt,
    string? Batch = null);

/// <summary>Digest entries per recipient. <c>Batch</c> is the day whose digest email lists the entry.</summary>
public interface INotificationDigestStore
{
    /// <summary>Adds the entry; adding the same (recipient, message id) again changes nothing.</summary>
    Task AddAsync(DigestEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListRecipientsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<DigestEntry>> ListAsync(string recipient, CancellationToken cancellationToken);

    Task AssignBatchAsync(IReadOnlyList<DigestEntry> entries, string batch, CancellationToken cancellationToken);

    Task RemoveAsync(IReadOnlyList<DigestEntry> entries, CancellationToken cancellationToken);
}

/// <summary>A flagged match whose remediation status is still "open".</summary>
public sealed record OpenMatch(string DeviceId, string AdvisoryId, string Revision, MatchStatus Status, DateTimeOffset RaisedAt);

/// <summary>Reads the DeviceMatches rows (remediation status stored by the API; missing means open).</summary>
public interface IOpenMatchQuery
{
    IAsyncEnumerable<OpenMatch> ListOpenFlaggedAsync(DateTimeOffset raisedBefore, CancellationToken cancellationToken);
}
