namespace AdvisoryTracker.Domain.Vendors;

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
