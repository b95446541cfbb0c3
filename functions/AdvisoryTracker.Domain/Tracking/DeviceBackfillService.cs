using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Domain.Tracking;

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

    public Task<int> RunAsync(CancellationToken cancellationToken) => RunAsync(progress: null, cancellationToken);

    /// <summary>
    /// Works the queue until it is empty; returns the queue entries done. <paramref name="progress"/> hears after each
    /// entry and, during an all-devices entry, after each advisory read.
    /// </summary>
    public async Task<int> RunAsync(IProgress<DeviceBackfillProgress>? progress, CancellationToken cancellationToken)
    {
        var done = 0;
        var advisoriesRead = 0;
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
                    // Every device against every advisory: read each advisory once and match it against one indexed
                    // snapshot of the registry (a batch), instead of reading every advisory once per device.
                    var all = new MatchRunSummary(0, 0, 0);
                    await using (var batch = matching.BeginBatch(queue))
                    {
                        await foreach (var stored in advisories.ListAllAsync(cancellationToken))
                        {
                            var each = await batch.MatchAdvisoryAsync(stored.Advisory, cancellationToken);
                            all = new MatchRunSummary(all.Matched + each.Matched, all.Flagged + each.Flagged, all.Notifications + each.Notifications);
                            progress?.Report(new DeviceBackfillProgress(done, ++advisoriesRead, deviceId));
                        }
                    }

                    LogBackfilled(AllDevicesMarker, all.Matched, all.Flagged, all.Notifications);
                }
                else if (await registry.GetAsync(deviceId, cancellationToken) is { } stored)
                {
                    var summary = await matching.MatchDeviceAsync(stored.Device, advisories, cancellationToken);
                    LogBackfilled(deviceId, summary.Matched, summary.Flagged, summary.Notifications);
                }

                await queue.AcknowledgeAsync(token, cancellationToken);
                done++;
                progress?.Report(new DeviceBackfillProgress(done, advisoriesRead, deviceId));
            }
        }

        return done;
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Device {DeviceId} matched against stored advisories: {Matched} matches, {Flagged} flagged, {Notifications} notifications queued")]
    private partial void LogBackfilled(string deviceId, int matched, int flagged, int notifications);
}
