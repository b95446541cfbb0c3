using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>
/// The read side of routing: what a notification is about, read from the stored advisory, its matches, the registry and
/// KEV. The router calls it once per relayed batch (each advisory and its KEV status read once for all its recipients,
/// each device and its match rows once); delivery never does.
/// </summary>
public sealed class NotificationContentReader(IAdvisoryStore advisories, IDeviceRegistry devices, IMatchStore matches, IKnownExploitedCatalog knownExploited)
{
    /// <summary>
    /// The content of each message (by message id); a message whose advisory is not stored yet is missing (the advisory
    /// is stored right after its matches). A content without devices means none of them lists the recipient any more.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, NotificationContent>> ReadAsync(IReadOnlyList<NotificationMessage> messages, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, NotificationContent>(StringComparer.Ordinal);
        var registry = new Dictionary<string, Device?>(StringComparer.Ordinal);
        var deviceMatches = new Dictionary<string, IReadOnlyDictionary<string, StoredMatch>>(StringComparer.Ordinal);
        foreach (var group in messages.GroupBy(m => m.AdvisoryId, StringComparer.Ordinal))
        {
            if (await advisories.GetAsync(group.Key, cancellationToken) is not { } stored)
            {
                continue;
            }

            var advisory = stored.Advisory;
            var exploited = await knownExploited.IsKnownExploitedAsync(advisory, cancellationToken);
            // The KEV entries (date added, required action) only when the email shows them.
            IReadOnlyList<KnownExploitedInfo> kev = exploited == true || group.Any(m => m.Kind == NotificationKind.KnownExploited)
                ? await knownExploited.ExploitedInAsync(advisory, cancellationToken)
                : [];
            exploited = kev.Count > 0 ? true : exploited;
            // Only a message too large to list its devices reads all the advisory's matches; the others read their
            // devices' own match rows, so a relay tick reads in proportion to what is pending, not to the advisory's reach.
            var advisoryMatches = group.Any(m => m.DevicesByReference) ? await matches.GetForAdvisoryAsync(group.Key, cancellationToken) : null;
            foreach (var message in group)
            {
                var deviceIds = message.DevicesByReference
                    ? advisoryMatches!.Values.Where(m => m.Status.IsFlagged()).Select(m => m.DeviceId).Order(StringComparer.Ordinal).ToList()
                    : message.DeviceIds;
                var affected = new List<AffectedDevice>();
                foreach (var deviceId in deviceIds)
                {
                    if (!registry.TryGetValue(deviceId, out var device))
                    {
                        device = registry[deviceId] = (await devices.GetAsync(deviceId, cancellationToken))?.Device;
                    }

                    if (device is null || !device.Recipients.Any(r => string.Equals(r.Trim(), message.Recipient.Trim(), StringComparison.OrdinalIgnoreCase)))
                    {
                        continue;
                    }

                    StoredMatch? match = null;
                    if (advisoryMatches is not null)
                    {
                        advisoryMatches.TryGetValue(deviceId, out match);
                    }
                    else
                    {
                        if (!deviceMatches.TryGetValue(deviceId, out var own))
                        {
                            own = deviceMatches[deviceId] = await matches.GetForDeviceAsync(deviceId, cancellationToken);
                        }

                        own.TryGetValue(group.Key, out match);
                    }

                    affected.Add(new AffectedDevice(device, match?.Status, match?.Explanation, match?.Confidence));
                }

                result[message.MessageId] = NotificationContentFactory.Create(advisory, affected, message.Recipient, exploited, kev);
            }
        }

        return result;
    }

    /// <summary>The advisory as emails word it, or null when it is not stored.</summary>
    public async Task<NotifiedAdvisory?> AdvisoryAsync(string advisoryId, CancellationToken cancellationToken) =>
        await advisories.GetAsync(advisoryId, cancellationToken) is { } stored ? NotificationContentFactory.Advisory(stored.Advisory) : null;

    public async Task<Device?> DeviceAsync(string deviceId, CancellationToken cancellationToken) =>
        (await devices.GetAsync(deviceId, cancellationToken))?.Device;
}
