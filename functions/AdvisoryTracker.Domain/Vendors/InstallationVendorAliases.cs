using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Vendors;

/// <summary>A vendor alias an installation added through the admin API (audited: who and when).</summary>
public sealed record InstallationVendorAlias(string Alias, string VendorId, string By, DateTimeOffset At, string? Note);

/// <summary>The installation's own vendor aliases (persisted; the adapter caches them briefly).</summary>
public interface IInstallationVendorAliasStore
{
    Task<IReadOnlyList<InstallationVendorAlias>> ListAsync(CancellationToken cancellationToken);

    Task SaveAsync(InstallationVendorAlias alias, CancellationToken cancellationToken);

    /// <summary>The aliases as last read (synchronous, cached a short while), for building a catalogue.</summary>
    IReadOnlyList<InstallationVendorAlias> Current();
}

/// <summary>
/// The vendor catalogue in force: the shipped one with the settings' extra aliases, plus the installation's aliases
/// from the admin API. The small hook the matcher uses: whatever the shipped catalogue becomes, installation aliases
/// are merged in through <see cref="VendorCatalogue.WithExtraAliases(IReadOnlyDictionary{string, IReadOnlyList{string}})"/>.
/// </summary>
public sealed class InstallationVendorCatalogue(VendorCatalogue baseCatalogue, IInstallationVendorAliasStore store)
{
    private (string Key, VendorCatalogue Catalogue)? _cached;

    public VendorCatalogue Current()
    {
        var aliases = store.Current();
        var key = string.Join("\n", aliases.Select(a => a.VendorId + "=" + a.Alias).Order(StringComparer.Ordinal));
        var cached = _cached;
        if (cached is { } c && c.Key == key)
        {
            return c.Catalogue;
        }

        var catalogue = aliases.Count == 0
            ? baseCatalogue
            : baseCatalogue.WithExtraAliases(aliases.GroupBy(a => a.VendorId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(a => a.Alias)], StringComparer.Ordinal));
        _cached = (key, catalogue);
        return catalogue;
    }
}

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
