namespace AdvisoryTracker.Domain.Vendors;

/// <summary>A vendor alias an installation added through the admin API (audited: who and when).</summary>
public sealed record InstallationVendorAlias(string Alias, string VendorId, string By, DateTimeOffset At, string? Note);
