namespace AdvisoryTracker.Domain.Notifications;

/// <summary>
/// The one way outbox rows are made: one row per recipient of a device for an advisory revision and kind. Addresses
/// are trimmed and compared ignoring case (the registry may hold the same clinician as a contact and a prescriber, in
/// different cases or with stray spaces); blank addresses are skipped; the first spelling is kept.
/// </summary>
public static class OutboxEntries
{
    public static IReadOnlyList<OutboxEntry> For(string deviceId, IEnumerable<string> recipients, string advisoryId, string revision, NotificationKind kind) =>
        recipients
            .Select(r => r?.Trim() ?? "")
            .Where(r => r.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(r => new OutboxEntry(deviceId, r, advisoryId, revision, kind))
            .ToList();
}
