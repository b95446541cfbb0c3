using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>Decides which registered devices an advisory touches.</summary>
public interface IAdvisoryMatcher
{
    /// <summary>
    /// Every device whose vendor and product matched the advisory, with a status (affected, possibly affected,
    /// not affected) and an explanation. Devices that are unrelated are not returned.
    /// </summary>
    IReadOnlyList<DeviceMatch> Match(Advisory advisory, IReadOnlyCollection<Devices.Device> devices);

    /// <summary>Builds an index of the devices once (by canonical vendor, then product tokens) for repeated matching.</summary>
    DeviceIndex Index(IReadOnlyCollection<Devices.Device> devices);

    /// <summary>The same verdicts as <see cref="Match(Advisory, IReadOnlyCollection{Devices.Device})"/>, using a prepared index.</summary>
    IReadOnlyList<DeviceMatch> Match(Advisory advisory, DeviceIndex index);

    /// <summary>One device against many advisories (backfill when a device is registered or edited).</summary>
    IReadOnlyList<DeviceMatch> MatchDevice(Devices.Device device, IEnumerable<Advisory> advisories);
}
