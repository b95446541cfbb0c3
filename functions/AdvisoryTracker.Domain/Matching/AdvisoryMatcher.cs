using System.Globalization;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Vendors;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>
/// Decides which devices an advisory touches, in steps with one job each: <see cref="ProductLeaves"/> flattens the
/// product tree (with <see cref="StatusSemantics"/>), <see cref="ProductEvidence"/> matches vendor and product,
/// <see cref="VersionVerdicts"/> decides per leaf, <see cref="DocumentEvidence"/> looks at the whole document and
/// <see cref="ProductLine"/> at lines the advisory covers as a whole, for devices of the vendor no leaf matched, and <see cref="MatchExplainer"/> writes the explanation. Fails open: a vendor
/// and product match with an unknown version or an unreadable range is <see cref="MatchStatus.PossiblyAffected"/>.
/// Cost per advisory: O(products + candidate devices).
/// </summary>
public sealed class AdvisoryMatcher : IAdvisoryMatcher
{
    private readonly VendorCatalogue catalogue;

    public AdvisoryMatcher()
        : this(VendorCatalogue.Default)
    {
    }

    public AdvisoryMatcher(VendorCatalogue catalogue) => this.catalogue = catalogue;

    public DeviceIndex Index(IReadOnlyCollection<Device> devices) => new(devices, catalogue);

    public IReadOnlyList<DeviceMatch> Match(Advisory advisory, IReadOnlyCollection<Device> devices) => Match(advisory, Index(devices));

    public IReadOnlyList<DeviceMatch> Match(Advisory advisory, DeviceIndex index)
    {
        var leaves = ProductLeaves.Build(advisory, catalogue).Leaves;
        var hitsByDevice = new Dictionary<PreparedDevice, List<LeafHit>>(ReferenceEqualityComparer.Instance);
        var vendorIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var leaf in leaves)
        {
            foreach (var vendor in leaf.Vendors)
            {
                vendorIds.Add(vendor.Id);
            }

            foreach (var device in index.Candidates(leaf.Vendors.Select(v => v.Id), leaf.Terms, leaf.VersionTerms, leaf.VersionFieldModels))
            {
                if (ProductEvidence.TryMatch(leaf, device, catalogue) is { } hit)
                {
                    if (!hitsByDevice.TryGetValue(device, out var list))
                    {
                        list = [];
                        hitsByDevice[device] = list;
                    }

                    list.Add(hit);
                }
            }
        }

        var result = hitsByDevice.SelectMany(kv => DecideForModel(advisory, kv.Key, kv.Value)).ToList();
        AddDocumentEvidence(advisory, leaves, index.AllOf(vendorIds).Where(d => !hitsByDevice.ContainsKey(d)), result);
        return [.. result.OrderBy(m => m.DeviceId, StringComparer.Ordinal)];
    }

    /// <summary>Devices of the advisory's vendors that no leaf matched: evidence from the whole document (possibly affected).</summary>
    private void AddDocumentEvidence(Advisory advisory, IReadOnlyList<Leaf> leaves, IEnumerable<PreparedDevice> unmatched, List<DeviceMatch> result)
    {
        DocumentEvidence? document = null;
        List<ResolvedVendor>? vendors = null;
        Dictionary<string, List<Leaf>>? lines = null;
        foreach (var device in unmatched)
        {
            document ??= DocumentEvidence.From(advisory);
            vendors ??= [.. leaves.SelectMany(l => l.Vendors).DistinctBy(v => v.Id)];
            if (ProductEvidence.VendorLink(vendors, device.Vendors, catalogue) is not { } link)
            {
                continue;
            }

            if (document.Find(device.Terms) is { } passage)
            {
                result.AddRange(device.Devices.Select(d => MatchExplainer.FromText(advisory, d, link, passage, OutsideEveryRange(passage, d.Version))));
            }
            else if (ProductLine.Find(lines ??= ProductLine.ByFirstName(leaves), device) is { } family)
            {
                result.AddRange(device.Devices.Select(d => ProductLine.Verdict(advisory, d, link, family)).OfType<DeviceMatch>());
            }
        }
    }

    /// <summary>
    /// A product-tree passage carries the versions of the products written with that name: a known device version
    /// outside all of them is not affected by that passage ("SpaceStation ... &lt; 012U000040" against 012U000093).
    /// </summary>
    private static string? OutsideEveryRange(DocumentPassage passage, string? version)
    {
        if (passage.Ranges.Count == 0 || string.IsNullOrWhiteSpace(version))
        {
            return null;
        }

        var verdicts = passage.Ranges.Select(r => r.Evaluate(version)).ToList();
        return verdicts.All(v => v.Outcome == Versions.VersionOutcome.OutOfRange) ? verdicts[0].Reason : null;
    }

    public IReadOnlyList<DeviceMatch> MatchDevice(Device device, IEnumerable<Advisory> advisories)
    {
        var index = Index([device]);
        return [.. advisories.SelectMany(a => Match(a, index))];
    }

    /// <summary>The reference all-pairs matcher (no index): same leaf rules, every leaf against every device. For benchmarks and tests.</summary>
    internal IReadOnlyList<DeviceMatch> MatchAllPairs(Advisory advisory, IReadOnlyCollection<Device> devices)
    {
        var leaves = ProductLeaves.Build(advisory, catalogue).Leaves;
        var result = new List<DeviceMatch>();
        var unmatched = new List<PreparedDevice>();
        foreach (var device in devices)
        {
            var prepared = new PreparedDevice(device, catalogue);
            var hits = leaves.Select(l => ProductEvidence.TryMatch(l, prepared, catalogue)).OfType<LeafHit>().ToList();
            if (hits.Count == 0)
            {
                unmatched.Add(prepared);
            }
            else if (Decide(advisory, device, hits) is { } match)
            {
                result.Add(match);
            }
        }

        AddDocumentEvidence(advisory, leaves, unmatched, result);
        return result;
    }

    /// <summary>Every device of one model: the verdict depends only on the version, so it is computed once per version.</summary>
    private static IEnumerable<DeviceMatch> DecideForModel(Advisory advisory, PreparedDevice model, List<LeafHit> hits)
    {
        var byVersion = new Dictionary<string, DeviceMatch?>(StringComparer.Ordinal);
        foreach (var device in model.Devices)
        {
            var version = device.Version?.Trim() ?? "";
            if (!byVersion.TryGetValue(version, out var template))
            {
                template = Decide(advisory, device, hits);
                byVersion[version] = template;
                if (template is not null)
                {
                    yield return template;
                }

                continue;
            }

            if (template is not null)
            {
                yield return template with { DeviceId = device.Id };
            }
        }
    }

    /// <summary>
    /// The strongest product tier decides which leaves speak; among their verdicts the most severe wins (affected over
    /// possibly affected over not affected). Null when no leaf says anything about this device's version.
    /// </summary>
    private static DeviceMatch? Decide(Advisory advisory, Device device, List<LeafHit> hits)
    {
        var bestTier = hits.Max(h => h.ProductTier);
        var verdicts = hits.Where(h => h.ProductTier == bestTier)
            .Select(h => (Hit: h, Verdict: VersionVerdicts.Evaluate(h, device)))
            .Where(v => v.Verdict is not null)
            .Select(v => (v.Hit, Verdict: v.Verdict!))
            .ToList();
        if (verdicts.Count == 0)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(device.Version))
        {
            // Two leaves for one product in two version schemes (2.5 - 3.11 and 2018-1 - 2021-1): the leaf written in
            // the device's scheme decides; the one whose readable range cannot be compared with it says nothing.
            var decidedProducts = verdicts.Where(v => v.Verdict.Status != MatchStatus.PossiblyAffected)
                .Select(v => v.Hit.Leaf.Product.ProductName.Trim())
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            verdicts = [.. verdicts.Where(v => v.Verdict.Status != MatchStatus.PossiblyAffected || !v.Hit.Leaf.Range.IsParsed
                || !decidedProducts.Contains(v.Hit.Leaf.Product.ProductName.Trim()))];
        }

        var decisive = verdicts.OrderBy(v => v.Verdict.Status switch
        {
            MatchStatus.Affected => 0,
            MatchStatus.PossiblyAffected => 1,
            _ => 2,
        }).ThenByDescending(v => v.Verdict.Confidence).First();

        var flagged = verdicts.Where(v => v.Verdict.Status == decisive.Verdict.Status).Select(v => v.Hit.Leaf).ToList();
        return MatchExplainer.FromLeaves(advisory, device, decisive.Hit, decisive.Verdict, flagged);
    }

    internal static string FormatConfidence(double confidence) => confidence.ToString("0.00", CultureInfo.InvariantCulture);
}
