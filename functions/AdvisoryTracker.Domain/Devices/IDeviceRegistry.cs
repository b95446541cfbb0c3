namespace AdvisoryTracker.Domain.Devices;

/// <summary>The device registry.</summary>
public interface IDeviceRegistry
{
    Task<StoredDevice?> GetAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>Adds a new device; returns null when a device with that id already exists.</summary>
    Task<StoredDevice?> AddAsync(Device device, CancellationToken cancellationToken);

    IAsyncEnumerable<Device> ListAllAsync(CancellationToken cancellationToken);
}
