using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Triage;

namespace AdvisoryTracker.Domain.Tracking;

/// <summary>
/// Matches an advisory against every registered device and stores the verdicts. A device is notified when it becomes
/// flagged, when a flagged match changes (ranges, status, remediation), or when a vendor fix appears; a revision that
/// changes nothing for a device notifies nobody. A reviewer's triage decision on a possible match carries over to the
/// new revision while the evidence is unchanged (<see cref="TriageCarryOver"/>); a carried dismissal notifies nobody.
/// </summary>
public sealed class AdvisoryMatchingService(IDeviceRegistry devices, IMatchStore matches, IAdvisoryMatcher matcher, TriageCarryOver triage)
{
    /// <summary>Matches one advisory against the registry as it is now (read and indexed for this call).</summary>
    public async Task<MatchRunSummary> MatchAdvisoryAsync(Advisory advisory, CancellationToken cancellationToken) =>
        await MatchAdvisoryAsync(advisory, await LoadSnapshotAsync(cancellationToken), cancellationToken);

    internal async Task<MatchRunSummary> MatchAdvisoryAsync(Advisory advisory, DeviceSnapshot snapshot, CancellationToken cancellationToken)
    {
        var previous = await matches.GetForAdvisoryAsync(advisory.Id, cancellationToken);
        return await ApplyAsync(advisory, matcher.Match(advisory, snapshot.Index), snapshot.Devices, previous, cancellationToken);
    }

    /// <summary>
    /// Starts a batch (one source sync or one full backfill): the registry is read and indexed once, at the first
    /// advisory that needs it, for all the advisories matched through the returned batch. When the batch ends, every
    /// device added or changed since that snapshot is queued for backfill, so a device registered during a long sync
    /// is still matched against the advisories the sync stored after it. The caller holds the batch; concurrent
    /// batches are independent.
    /// </summary>
    public MatchingBatch BeginBatch(IDeviceBackfillQueue backfill) => new(this, backfill);

    internal async Task<DeviceSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        var registered = new List<Device>();
        await foreach (var device in devices.ListAllAsync(cancellationToken))
        {
            registered.Add(device);
        }

        return new DeviceSnapshot(registered, matcher.Index(registered));
    }

    /// <summary>What matching and notification depend on, to tell a changed device from an unchanged one.</summary>
    internal static string DeviceFingerprint(Device d) =>
        string.Join('\u001f', d.Manufacturer, d.Model, d.Version ?? "", d.Segment, d.FdaProductCode ?? "", d.FdaSubmissionNumber ?? "", string.Join(';', d.Recipients));

    internal IAsyncEnumerable<Device> ListDevicesAsync() => devices.ListAllAsync(CancellationToken.None);

    internal sealed record DeviceSnapshot(IReadOnlyList<Device> Devices, DeviceIndex Index);

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

            stored = await triage.ApplyAsync(stored, cancellationToken);
            var kind = stored.Status == MatchStatus.NotAffected ? null : DecideNotification(before, match);
            var outbox = kind is { } k && byId.TryGetValue(match.DeviceId, out var device)
                ? device.Recipients.Select(c => new OutboxEntry(device.Id, c, advisory.Id, advisory.Revision, k)).ToList()
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
