namespace AdvisoryTracker.Domain.Vendors;

/// <summary>The installation's own vendor aliases (persisted; the adapter caches them briefly).</summary>
public interface IInstallationVendorAliasStore
{
    Task<IReadOnlyList<InstallationVendorAlias>> ListAsync(CancellationToken cancellationToken);

    Task SaveAsync(InstallationVendorAlias alias, CancellationToken cancellationToken);

    /// <summary>The aliases as last read (synchronous, cached a short while), for building a catalogue.</summary>
    IReadOnlyList<InstallationVendorAlias> Current();
}
