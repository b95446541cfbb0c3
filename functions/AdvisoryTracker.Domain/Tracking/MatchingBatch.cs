using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;

namespace AdvisoryTracker.Domain.Tracking;

/// <summary>One registry snapshot shared by the advisories matched through it (see <see cref="AdvisoryMatchingService.BeginBatch"/>).</summary>
public sealed class MatchingBatch : IAsyncDisposable
{
    private readonly AdvisoryMatchingService owner;
    private readonly IDeviceBackfillQueue backfill;
    private AdvisoryMatchingService.DeviceSnapshot? _snapshot;

    internal MatchingBatch(AdvisoryMatchingService owner, IDeviceBackfillQueue backfill)
    {
        this.owner = owner;
        this.backfill = backfill;
    }

    /// <summary>Matches one advisory against the batch's snapshot of the registry.</summary>
    public async Task<MatchRunSummary> MatchAdvisoryAsync(Advisory advisory, CancellationToken cancellationToken)
    {
        _snapshot ??= await owner.LoadSnapshotAsync(cancellationToken);
        return await owner.MatchAdvisoryAsync(advisory, _snapshot, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_snapshot is null)
        {
            return;
        }

        var before = _snapshot.Devices.ToDictionary(d => d.Id, AdvisoryMatchingService.DeviceFingerprint, StringComparer.Ordinal);
        _snapshot = null;
        await foreach (var device in owner.ListDevicesAsync())
        {
            if (!before.TryGetValue(device.Id, out var fingerprint) || fingerprint != AdvisoryMatchingService.DeviceFingerprint(device))
            {
                await backfill.EnqueueAsync(device.Id, CancellationToken.None);
            }
        }
    }
}
