using AdvisoryTracker.Domain.Paging;

namespace AdvisoryTracker.Domain.Devices;

/// <summary>The device registry's listing, conditional writes and batch import.</summary>
public interface IDeviceRegistryAdmin
{
    Task<ResultPage<StoredDevice>> QueryAsync(DeviceQuery query, CancellationToken cancellationToken);

    /// <summary>Replaces a device only when its current ETag is <paramref name="ifMatch"/>.</summary>
    Task<DeviceWriteResult> ReplaceAsync(Device device, string ifMatch, CancellationToken cancellationToken);

    /// <summary>Deletes a device only when its current ETag is <paramref name="ifMatch"/>.</summary>
    Task<DeviceWriteOutcome> DeleteAsync(string deviceId, string ifMatch, CancellationToken cancellationToken);

    /// <summary>Adds or replaces up to 100 devices in one atomic transaction: all are stored or none (throws).</summary>
    Task UpsertBatchAsync(IReadOnlyList<Device> devices, CancellationToken cancellationToken);
}
