using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Vendors;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>
/// One (manufacturer, model) as typed, with its vendor resolved and its model split into terms, computed once and
/// shared by every device of that model (a hospital runs hundreds of identical pumps).
/// </summary>
internal sealed partial class PreparedDevice
{
    public PreparedDevice(Device device, VendorCatalogue catalogue)
    {
        Device = device;
        Vendors = catalogue.Resolve(device.Manufacturer);
        VendorWords = ProductTerms.VendorWords(Vendors.Select(v => v.Name).Append(device.Manufacturer));
        Terms = ProductTerms.From(device.Model, VendorWords);
        ManufacturerWords = ProductTerms.VendorWords([device.Manufacturer]);
        _brandWords = new Lazy<IReadOnlySet<string>>(() => ProductTerms.VendorWords(Vendors.SelectMany(v => catalogue.NamesOf(v.Id))));
        VersionName = VersionNameOf(device.Version);
        Devices = [device];
    }

    /// <summary>
    /// A product word that opens the version field ("AP 3.0": the OnlineSuite application package AP, release 3.0), or
    /// null. Devices are grouped by it, so every device of a group has the same one.
    /// </summary>
    public string? VersionName { get; }

    /// <summary>Tokens the device index files this device under.</summary>
    public IEnumerable<string> IndexKeys => VersionName is null ? Terms.IndexKeys : Terms.IndexKeys.Append(VersionName);

    public static string? VersionNameOf(string? version)
    {
        if (string.IsNullOrWhiteSpace(version) || !char.IsAsciiLetter(version.TrimStart()[0]) || !version.Contains(' ', StringComparison.Ordinal))
        {
            return null; // the common case, without folding or a regex
        }

        var m = VersionNamePattern().Match(TextNormaliser.Fold(version ?? "").Trim());
        return m.Success && !NotProductWords.Contains(m.Groups["w"].Value) ? m.Groups["w"].Value : null;
    }

    private static readonly HashSet<string> NotProductWords =
        ["version", "ver", "vers", "release", "rel", "revision", "rev", "firmware", "fw", "software", "sw", "build", "sp", "update", "patch", "hotfix", "ga"];

    [GeneratedRegex(@"^(?<w>[a-z]{2,})\s+v?\d", RegexOptions.CultureInvariant)]
    private static partial Regex VersionNamePattern();
    /// <summary>Words of the manufacturer as typed and of its canonical vendor names (left out of <see cref="Terms"/>' names).</summary>
    public IReadOnlySet<string> VendorWords { get; }

    /// <summary>Words of the manufacturer as typed ("McKesson"): a product name word found there is part of the device's name.</summary>
    public IReadOnlySet<string> ManufacturerWords { get; }

    /// <summary>
    /// Words of every name the vendor catalogue gives the device's vendors (brands and former companies included:
    /// "MiniMed" for its parent). A product name word found here says who makes the product, which the manufacturer
    /// already settles; it is not a product line the device leaves out.
    /// </summary>
    /// <remarks>Read only when a shared model meets names that disagree, so it is built on first use, not for every device group.</remarks>
    public IReadOnlySet<string> BrandWords => _brandWords.Value;

    private readonly Lazy<IReadOnlySet<string>> _brandWords;

    /// <summary>The first device of the model (its manufacturer and model text are the group's).</summary>
    public Device Device { get; }

    /// <summary>Every device with this manufacturer and model.</summary>
    public List<Device> Devices { get; }

    public IReadOnlyList<ResolvedVendor> Vendors { get; }

    public ProductTerms Terms { get; }
}

/// <summary>
/// Devices indexed by canonical vendor, then by product token, built once and reused for every advisory, so matching
/// an advisory looks only at devices of its vendor that share a model or name token.
/// </summary>
public sealed class DeviceIndex
{
    private readonly Dictionary<string, VendorBucket> byVendor = new(StringComparer.Ordinal);

    internal DeviceIndex(IEnumerable<Device> devices, VendorCatalogue catalogue)
    {
        Catalogue = catalogue;
        var byModel = new Dictionary<(string Manufacturer, string Model, string? VersionName), PreparedDevice>(ModelKeyComparer.Instance);
        foreach (var device in devices)
        {
            Count++;
            var key = (device.Manufacturer, device.Model, PreparedDevice.VersionNameOf(device.Version));
            if (byModel.TryGetValue(key, out var existing))
            {
                existing.Devices.Add(device);
                continue;
            }

            var prepared = new PreparedDevice(device, catalogue);
            byModel[key] = prepared;
            foreach (var vendor in prepared.Vendors)
            {
                if (!byVendor.TryGetValue(vendor.Id, out var bucket))
                {
                    bucket = new VendorBucket();
                    byVendor[vendor.Id] = bucket;
                }

                bucket.Add(prepared);
            }
        }
    }

    public int Count { get; }

    internal VendorCatalogue Catalogue { get; }

    /// <summary>Devices of the vendor (or its umbrella brand or business units) that may match the product terms.</summary>
    internal IEnumerable<PreparedDevice> Candidates(IEnumerable<string> vendorIds, ProductTerms terms, ProductTerms? versionTerms = null, IReadOnlyList<string>? versionFieldModels = null)
    {
        var seen = new HashSet<PreparedDevice>(ReferenceEqualityComparer.Instance);
        foreach (var id in RelatedVendors(vendorIds))
        {
            if (!byVendor.TryGetValue(id, out var bucket))
            {
                continue;
            }

            foreach (var device in bucket.Candidates(terms, versionTerms, versionFieldModels ?? []))
            {
                if (seen.Add(device))
                {
                    yield return device;
                }
            }
        }
    }

    /// <summary>Every prepared device filed under the vendors (or vendors related to them), each once.</summary>
    internal IEnumerable<PreparedDevice> AllOf(IEnumerable<string> vendorIds)
    {
        var seen = new HashSet<PreparedDevice>(ReferenceEqualityComparer.Instance);
        foreach (var id in RelatedVendors(vendorIds))
        {
            if (byVendor.TryGetValue(id, out var bucket))
            {
                foreach (var device in bucket.All)
                {
                    if (seen.Add(device))
                    {
                        yield return device;
                    }
                }
            }
        }
    }

    private HashSet<string> RelatedVendors(IEnumerable<string> vendorIds)
    {
        var related = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in vendorIds)
        {
            related.Add(id);
            related.UnionWith(Catalogue.RelatedTo(id));
        }

        return related;
    }

    private sealed class VendorBucket
    {
        private readonly Dictionary<string, List<PreparedDevice>> byToken = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<PreparedDevice>> withoutModelByToken = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<PreparedDevice>> withModelByModel = new(StringComparer.Ordinal);
        private readonly List<PreparedDevice> all = [];

        public IReadOnlyList<PreparedDevice> All => all;

        public void Add(PreparedDevice device)
        {
            all.Add(device);
            var hasModel = device.Terms.DigitModels.Count > 0;
            foreach (var key in device.IndexKeys)
            {
                File(byToken, key, device);
                if (!hasModel)
                {
                    File(withoutModelByToken, key, device);
                }
            }

            if (hasModel)
            {
                foreach (var model in device.Terms.Models)
                {
                    File(withModelByModel, model, device);
                }
            }
        }

        private static void File(Dictionary<string, List<PreparedDevice>> map, string key, PreparedDevice device)
        {
            if (!map.TryGetValue(key, out var list))
            {
                list = [];
                map[key] = list;
            }

            list.Add(device);
        }

        /// <summary>
        /// Devices that may match: any device sharing a token with a product that names no model number; when the
        /// product names model numbers, a device with model numbers of its own must share one (with the product or its
        /// version field: the product rule says different model numbers never match), so only those are looked up,
        /// plus devices without model numbers that share a word. This keeps a document of thousands of products
        /// sharing one product-line word from testing every device of the line against every product.
        /// </summary>
        public IEnumerable<PreparedDevice> Candidates(ProductTerms terms, ProductTerms? versionTerms, IReadOnlyList<string> versionFieldModels)
        {
            if (terms.Patterns.Count > 0)
            {
                return all; // model ranges and wildcards: test every device of the vendor
            }

            var found = new HashSet<PreparedDevice>(ReferenceEqualityComparer.Instance);
            if (terms.DigitModels.Count == 0)
            {
                foreach (var key in terms.IndexKeys.Concat(terms.All))
                {
                    if (byToken.TryGetValue(key, out var list))
                    {
                        found.UnionWith(list);
                    }
                }

                // A model the version field or the full name's version text names ("SureSigns: VS4 A.07.107 and prior").
                foreach (var model in versionFieldModels)
                {
                    if (withModelByModel.TryGetValue(model, out var withModel))
                    {
                        found.UnionWith(withModel);
                    }
                }

                return found;
            }

            foreach (var key in terms.IndexKeys.Concat(terms.All))
            {
                if (withoutModelByToken.TryGetValue(key, out var list))
                {
                    found.UnionWith(list);
                }

                if (withModelByModel.TryGetValue(key, out var withModel))
                {
                    found.UnionWith(withModel);
                }
            }

            foreach (var key in versionTerms?.Models ?? (IEnumerable<string>)[])
            {
                if (withModelByModel.TryGetValue(key, out var withModel))
                {
                    found.UnionWith(withModel);
                }
            }

            return found;
        }
    }
}

/// <summary>Manufacturer and model compared trimmed and case-insensitively, without allocating upper-case copies.</summary>
internal sealed class ModelKeyComparer : IEqualityComparer<(string Manufacturer, string Model, string? VersionName)>
{
    public static readonly ModelKeyComparer Instance = new();

    public bool Equals((string Manufacturer, string Model, string? VersionName) x, (string Manufacturer, string Model, string? VersionName) y) =>
        x.Manufacturer.AsSpan().Trim().Equals(y.Manufacturer.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase)
        && x.Model.AsSpan().Trim().Equals(y.Model.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase)
        && string.Equals(x.VersionName, y.VersionName, StringComparison.Ordinal);

    public int GetHashCode((string Manufacturer, string Model, string? VersionName) key) => HashCode.Combine(
        string.GetHashCode(key.Manufacturer.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase),
        string.GetHashCode(key.Model.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase),
        key.VersionName is null ? 0 : StringComparer.Ordinal.GetHashCode(key.VersionName));
}
