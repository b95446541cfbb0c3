using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Vendors;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>
/// The matcher with the installation's vendor aliases: each <see cref="Index"/> (once per sync run or backfill)
/// uses the catalogue in force, so an alias added through the admin API takes effect without a deploy.
/// </summary>
public sealed class InstallationAliasMatcher(InstallationVendorCatalogue catalogues, Func<VendorCatalogue, IAdvisoryMatcher> create) : IAdvisoryMatcher
{
    private (VendorCatalogue Catalogue, IAdvisoryMatcher Matcher)? _current;

    private IAdvisoryMatcher Matcher()
    {
        var catalogue = catalogues.Current();
        var current = _current;
        if (current is { } c && ReferenceEquals(c.Catalogue, catalogue))
        {
            return c.Matcher;
        }

        var matcher = create(catalogue);
        _current = (catalogue, matcher);
        return matcher;
    }

    public DeviceIndex Index(IReadOnlyCollection<Device> devices) => Matcher().Index(devices);

    public IReadOnlyList<DeviceMatch> Match(Advisory advisory, IReadOnlyCollection<Device> devices) => Matcher().Match(advisory, devices);

    public IReadOnlyList<DeviceMatch> Match(Advisory advisory, DeviceIndex index) => (_current?.Matcher ?? Matcher()).Match(advisory, index);

    public IReadOnlyList<DeviceMatch> MatchDevice(Device device, IEnumerable<Advisory> advisories) => Matcher().MatchDevice(device, advisories);
}
