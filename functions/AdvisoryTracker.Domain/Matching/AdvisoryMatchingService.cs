using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Storage;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>What one matching run changed.</summary>
public sealed record MatchRunSummary(int Matched, int Flagged, int Notifications);

/// <summary>
/// Matches an advisory against every registered device and stores the verdicts. A device is notified when it becomes
/// flagged, when a flagged match changes (ranges, status, remediation), or when a vendor fix appears; a revision that
/// changes nothing for a device notifies nobody.
/// </summary>
public sealed class AdvisoryMatchingService(IDeviceRegistry devices, IMatchStore matches, IAdvisoryMatcher matcher)
{
    public async Task<MatchRunSummary> MatchAdvisoryAsync(Advisory advisory, CancellationToken cancellationToken)
    {
        var registered = new List<Device>();
        await foreach (var device in devices.ListAllAsync(cancellationToken))
        {
            registered.Add(device);
        }

        var previous = await matches.GetForAdvisoryAsync(advisory.Id, cancellationToken);
        return await ApplyAsync(advisory, matcher.Match(advisory, registered), registered, previous, cancellationToken);
    }

    /// <summary>Matches one device against every stored advisory (backfill for a new or changed device).</summary>
    public async Task<MatchRunSummary> MatchDeviceAsync(Device device, IAdvisoryStore advisories, CancellationToken cancellationToken)
    {
        var previous = await matches.GetForDeviceAsync(device.Id, cancellationToken);
        var total = new MatchRunSummary(0, 0, 0);
        Device[] one = [device];
        await foreach (var stored in advisories.ListAllAsync(cancellationToken))
        {
            var found = matcher.Match(stored.Advisory, one);
            if (found.Count == 0)
            {
                continue;
            }

            var byAdvisory = previous.TryGetValue(stored.Advisory.Id, out var before)
                ? new Dictionary<string, StoredMatch>(StringComparer.Ordinal) { [device.Id] = before }
                : new Dictionary<string, StoredMatch>(StringComparer.Ordinal);
            var summary = await ApplyAsync(stored.Advisory, found, one, byAdvisory, cancellationToken);
            total = new MatchRunSummary(total.Matched + summary.Matched, total.Flagged + summary.Flagged, total.Notifications + summary.Notifications);
        }

        return total;
    }

    private async Task<MatchRunSummary> ApplyAsync(
        Advisory advisory,
        IReadOnlyList<DeviceMatch> found,
        IReadOnlyCollection<Device> registered,
        IReadOnlyDictionary<string, StoredMatch> previous,
        CancellationToken cancellationToken)
    {
        var byId = registered.ToDictionary(d => d.Id, StringComparer.Ordinal);
        int flagged = 0, notifications = 0;
        foreach (var match in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stored = ToStored(match, advisory);
            previous.TryGetValue(match.DeviceId, out var before);
            if (before is not null && before.Fingerprint == stored.Fingerprint)
            {
                continue;
            }

            var kind = DecideNotification(before, match);
            var outbox = kind is { } k && byId.TryGetValue(match.DeviceId, out var device)
                ? device.Contacts.Select(c => new OutboxEntry(device.Id, c, advisory.Id, advisory.Revision, k)).ToList()
                : [];
            await matches.SaveAsync(stored, outbox, cancellationToken);
            flagged += stored.Status.IsFlagged() ? 1 : 0;
            notifications += outbox.Count;
        }

        return new MatchRunSummary(found.Count, flagged, notifications);
    }

    /// <summary>Null when the change is not news for the people looking after the device.</summary>
    private static NotificationKind? DecideNotification(StoredMatch? before, DeviceMatch now) =>
        MatchChangeDetector.Detect(before?.Fingerprint, now) switch
        {
            MatchChangeKind.NewMatch or MatchChangeKind.Changed => NotificationKind.NewMatch,
            MatchChangeKind.PatchAvailable => NotificationKind.PatchAvailable,
            _ => null,
        };

    private static StoredMatch ToStored(DeviceMatch match, Advisory advisory) =>
        new(
            match.DeviceId,
            match.AdvisoryId,
            advisory.Revision,
            match.Status,
            match.Confidence,
            match.Explanation.ToString(),
            match.Fingerprint,
            match.Explanation.RemediationCategories.Contains(RemediationCategory.VendorFix));
}
