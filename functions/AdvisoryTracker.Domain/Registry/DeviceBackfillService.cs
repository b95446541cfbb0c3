using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Storage;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Domain.Registry;

/// <summary>
/// Matches newly registered or changed devices against the advisories already stored. A queued id is one device;
/// <see cref="AllDevicesMarker"/> (queued by a large import) means every registered device.
/// </summary>
public sealed partial class DeviceBackfillService(
    IDeviceBackfillQueue queue,
    IDeviceRegistry registry,
    IAdvisoryStore advisories,
    AdvisoryMatchingService matching,
    ILogger<DeviceBackfillService> logger)
{
    /// <summary>Not a valid device id (ids start with a letter or digit), so it can never name a real device.</summary>
    public const string AllDevicesMarker = "*all";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var pending = await queue.PeekAsync(50, cancellationToken);
            if (pending.Count == 0)
            {
                break;
            }

            foreach (var (deviceId, token) in pending)
            {
                if (deviceId == AllDevicesMarker)
                {
                    await foreach (var device in registry.ListAllAsync(cancellationToken))
                    {
                        var each = await matching.MatchDeviceAsync(device, advisories, cancellationToken);
                        LogBackfilled(device.Id, each.Matched, each.Flagged, each.Notifications);
                    }
                }
                else if (await registry.GetAsync(deviceId, cancellationToken) is { } stored)
                {
                    var summary = await matching.MatchDeviceAsync(stored.Device, advisories, cancellationToken);
                    LogBackfilled(deviceId, summary.Matched, summary.Flagged, summary.Notifications);
                }

                await queue.AcknowledgeAsync(token, cancellationToken);
                done++;
            }
        }

        return done;
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Device {DeviceId} matched against stored advisories: {Matched} matches, {Flagged} flagged, {Notifications} notifications queued")]
    private partial void LogBackfilled(string deviceId, int matched, int flagged, int notifications);
}
