using System.Globalization;
using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Vendors;
using AdvisoryTracker.Domain.Versions;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>
/// Decides which devices an advisory touches. Vendor: canonical vendor from the <see cref="VendorCatalogue"/>
/// (aliases, acquisitions, umbrella brands). Product: token rules on model identifiers and distinctive name words
/// (<see cref="ProductTerms"/>). Version: <see cref="VersionRange"/> against the device version, fixed versions from
/// vendor_fix remediations and the CSAF fixed / known_not_affected sets. Fails open: a vendor and product match with
/// an unknown version or an unreadable range is <see cref="MatchStatus.PossiblyAffected"/>, never dropped.
/// </summary>
public sealed partial class AdvisoryMatcher : IAdvisoryMatcher
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
        var leaves = PrepareLeaves(advisory);
        var hitsByDevice = new Dictionary<PreparedDevice, List<LeafHit>>(ReferenceEqualityComparer.Instance);
        foreach (var leaf in leaves)
        {
            foreach (var device in index.Candidates(leaf.Vendors.Select(v => v.Id), leaf.Terms))
            {
                if (TryMatch(leaf, device) is { } hit)
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

        return [.. hitsByDevice
            .SelectMany(kv => DecideForModel(advisory, kv.Key, kv.Value))
            .OrderBy(m => m.DeviceId, StringComparer.Ordinal)];
    }

    public IReadOnlyList<DeviceMatch> MatchDevice(Device device, IEnumerable<Advisory> advisories)
    {
        var index = Index([device]);
        return [.. advisories.SelectMany(a => Match(a, index))];
    }

    /// <summary>The reference all-pairs matcher (no index): same rules, every leaf against every device. For benchmarks and tests.</summary>
    internal IReadOnlyList<DeviceMatch> MatchAllPairs(Advisory advisory, IReadOnlyCollection<Device> devices)
    {
        var leaves = PrepareLeaves(advisory);
        var result = new List<DeviceMatch>();
        foreach (var device in devices)
        {
            var prepared = new PreparedDevice(device, catalogue);
            var hits = leaves.Select(l => TryMatch(l, prepared)).OfType<LeafHit>().ToList();
            if (hits.Count > 0)
            {
                result.Add(Decide(advisory, device, hits));
            }
        }

        return result;
    }

    private sealed record Leaf(
        AdvisoryProduct Product,
        VersionRange Range,
        ProductTerms? VersionTerms,
        IReadOnlyList<string> VersionFieldModels,
        IReadOnlyList<ResolvedVendor> Vendors,
        ProductTerms Terms,
        IReadOnlyList<(string Text, ProductTerms Terms)> Exclusions,
        string? VersionExpression,
        string? AlternativeVersionText,
        bool ListedAsNotAffected,
        IReadOnlyList<Remediation> Remediations,
        IReadOnlyList<LeafFix> FixedVersions);

    /// <summary>A vendor-fix version for a leaf; <paramref name="NamesProduct"/> when its sentence names this product.</summary>
    private sealed record LeafFix(VersionValue Version, bool NamesProduct);

    private sealed record LeafHit(Leaf Leaf, ResolvedVendor AdvisoryVendor, ResolvedVendor DeviceVendor, bool Umbrella, int ProductTier, string ProductRule, bool ModelInVersionField);

    private List<Leaf> PrepareLeaves(Advisory advisory)
    {
        var affected = new HashSet<string>(StringComparer.Ordinal);
        var notAffected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vulnerability in advisory.Vulnerabilities)
        {
            foreach (var (status, ids) in vulnerability.ProductStatus)
            {
                var target = status switch
                {
                    ProductStatus.Fixed or ProductStatus.FirstFixed or ProductStatus.KnownNotAffected => notAffected,
                    ProductStatus.Recommended => null,
                    _ => affected,
                };
                target?.UnionWith(ids);
            }
        }

        var byId = advisory.Products.GroupBy(p => p.ProductId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var components = advisory.Products
            .Where(p => p.RelationshipCategory is not null)
            .SelectMany(p => new[] { p.RelationshipProductReference, p.RelationshipRelatesTo })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

        var leaves = new List<Leaf>();
        foreach (var product in advisory.Products)
        {
            var effective = product;
            if (product.RelationshipCategory is not null)
            {
                // "firmware X installed_on camera Y": the device is the camera, its version is the firmware's.
                if (product.RelationshipRelatesTo is null || !byId.TryGetValue(product.RelationshipRelatesTo, out var platform))
                {
                    continue;
                }

                byId.TryGetValue(product.RelationshipProductReference ?? "", out var component);
                effective = platform with
                {
                    ProductId = product.ProductId,
                    FullName = product.FullName,
                    VersionExpression = component?.VersionExpression ?? component?.ProductName,
                };
            }
            else if (components.Contains(product.ProductId) && !affected.Contains(product.ProductId) && !notAffected.Contains(product.ProductId))
            {
                continue; // a part that only matters through its relationships
            }

            var vendorText = effective.Vendor;
            var vendors = catalogue.Resolve(vendorText);
            if (vendors.Count == 0)
            {
                continue;
            }

            var vendorWords = ProductTerms.VendorWords(vendors.Select(v => v.Name).Append(vendorText));
            var range = VersionRange.Parse(effective.VersionExpression);
            var productName = effective.ProductName;
            if (range.IsAllVersions && NameVersion().Match(productName) is { Success: true } nameVersion)
            {
                // "IntelliSpace Portal 8.0.x" with range "*": the version written in the name is the range.
                range = VersionRange.Parse(nameVersion.Groups["v"].Value);
                productName = productName[..nameVersion.Index];
            }

            var name = string.Join(" ", effective.Families.Append(productName));
            var (included, excluded) = SplitExclusions(name);
            var exclusions = excluded
                .Select(e => (e, ProductTerms.From(e, vendorWords)))
                .Where(e => !e.Item2.IsEmpty)
                .ToList();

            var remediations = advisory.Vulnerabilities.SelectMany(v => v.Remediations)
                .Where(r => r.ProductIds.Contains(product.ProductId, StringComparer.Ordinal))
                .Distinct()
                .ToList();
            leaves.Add(new Leaf(
                effective with { ProductId = product.ProductId },
                range,
                effective.VersionExpression is null ? null : ProductTerms.From(effective.VersionExpression, EmptyWords),
                VersionFieldModels(effective.VersionExpression, AlternativeVersion(effective.FullName)),
                vendors,
                ProductTerms.From(included, vendorWords),
                exclusions,
                effective.VersionExpression,
                AlternativeVersion(effective.FullName),
                notAffected.Contains(product.ProductId) && !affected.Contains(product.ProductId),
                remediations,
                []));
        }

        return [.. leaves.Select(l => l with { FixedVersions = FixesFor(l, leaves) })];
    }

    /// <summary>
    /// The vendor-fix versions that concern this leaf: from remediations listing its product id, skipping sentences that
    /// name another product of the advisory but not this one ("For PrisMax, upgrade to ... TLS 1.2" is not a PrismaFlex fix).
    /// </summary>
    private static List<LeafFix> FixesFor(Leaf leaf, List<Leaf> leaves)
    {
        var own = DistinctiveTokens(leaf.Terms).ToHashSet(StringComparer.Ordinal);
        var others = leaves.Where(l => !ReferenceEquals(l, leaf))
            .SelectMany(l => DistinctiveTokens(l.Terms))
            .Where(t => !own.Contains(t))
            .ToHashSet(StringComparer.Ordinal);
        var fixes = new List<LeafFix>();
        foreach (var fix in leaf.Remediations.Where(r => r.Category == RemediationCategory.VendorFix).SelectMany(r => FixedVersionExtractor.ExtractWithSentences(r.Details)))
        {
            if (fix.Version.HasWildcard)
            {
                continue;
            }

            var words = ProductTerms.Words(fix.Sentence);
            var namesOwn = own.Overlaps(words);
            if (!namesOwn && others.Overlaps(words))
            {
                continue;
            }

            fixes.Add(new LeafFix(fix.Version, namesOwn));
        }

        return fixes;
    }

    /// <summary>Names and model numbers of a product; short numbers and v-numbers are left out (they read as versions).</summary>
    private static IEnumerable<string> DistinctiveTokens(ProductTerms terms) =>
        terms.Names.Concat(terms.RawModels.Where(m => !VersionLikeToken().IsMatch(m)));

    [GeneratedRegex(@"^(v?\d{1,2}|v\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionLikeToken();

    private LeafHit? TryMatch(Leaf leaf, PreparedDevice device)
    {
        ResolvedVendor? advisoryVendor = null;
        ResolvedVendor? deviceVendor = null;
        var umbrella = true;
        foreach (var dv in device.Vendors)
        {
            foreach (var av in leaf.Vendors)
            {
                var exact = dv.Id == av.Id;
                if ((exact || catalogue.ParentOf(dv.Id) == av.Id || catalogue.ParentOf(av.Id) == dv.Id) && (advisoryVendor is null || (exact && umbrella)))
                {
                    advisoryVendor = av;
                    deviceVendor = dv;
                    umbrella = !exact;
                }
            }
        }

        if (advisoryVendor is null || deviceVendor is null)
        {
            return null;
        }

        var (tier, rule, modelInVersion) = MatchProduct(device, leaf.Terms, leaf.VersionTerms, leaf.VersionFieldModels, leaf.Product.ProductName);
        return tier == 0 ? null : new LeafHit(leaf, advisoryVendor, deviceVendor, umbrella, tier, rule, modelInVersion);
    }

    /// <summary>
    /// Product rule. A shared model identifier (8015, MX450 in MX400-MX850, 630G in 600 series) matches when the
    /// names do not contradict; different model identifiers on both sides never match (Alaris 8000 ≠ 8015).
    /// Without a shared model, every distinctive word of one side must occur on the other and one must be shared.
    /// Tier: 5 same names and model, 4 shared model, 3 same names, 2 one side's words within the other's, 1 most words shared.
    /// </summary>
    private static (int Tier, string Rule, bool ModelInVersion) MatchProduct(
        PreparedDevice prepared, ProductTerms product, ProductTerms? versionTerms, IReadOnlyList<string> versionFieldModels, string productName)
    {
        var device = prepared.Terms;
        var model = prepared.Device.Model;

        // The manufacturer as typed is part of the device's name: "McKesson" + "Cardiology" is "McKesson Cardiology".
        bool DeviceCovers(string name) => device.Covers(name) || prepared.ManufacturerWords.Contains(name);

        if (prepared.VersionName is { } versionName && product.Names.Count == 1 && product.Models.Count == 0 && product.Names.Contains(versionName)
            && !device.Covers(versionName))
        {
            return (2, $"the version field '{prepared.Device.Version}' of model '{model}' opens with product '{productName}'", false);
        }

        if (product.TrailingLetter is { } variant && !device.All.Contains(variant))
        {
            return (0, "", false); // "FCR Capsula X" names the X variant; "FCR Capsula XLII" is another one
        }

        var deviceModels = device.DigitModels;
        var sharedModel = deviceModels.Where(product.MatchesModel).MaxBy(m => m.Length)
            ?? product.Models.Where(device.Models.Contains).MaxBy(m => m.Length);
        var versionModel = versionTerms is null ? null
            : deviceModels.FirstOrDefault(m => m.Length >= 3 && m.Any(char.IsAsciiLetter) == false && versionTerms.Models.Contains(m))
              ?? deviceModels.FirstOrDefault(m => m.Length >= 4 && m.Any(char.IsAsciiLetter) && versionTerms.Models.Contains(m));

        var deviceNamesCovered = device.Names.Count > 0 && device.Names.All(product.Covers);
        var productNamesCovered = product.Names.Count > 0 && product.Names.All(DeviceCovers);
        var nameShared = device.Names.Any(n => product.All.Contains(n)) || product.Names.Any(n => device.All.Contains(n));
        var mutual = deviceNamesCovered && productNamesCovered;

        if (sharedModel is not null && ConflictingModels(device, product))
        {
            return (0, "", false); // S7-1500 against S7-400: a shared family prefix, different model numbers
        }

        if (sharedModel is not null || versionModel is not null)
        {
            // Strong: a letters-and-digits model (MX450, S71500) or a catalogue number of five digits or more (718095).
            var strongModel = sharedModel is not null && sharedModel.Length >= 4 && sharedModel.Any(char.IsAsciiDigit)
                && (sharedModel.Any(char.IsAsciiLetter) || sharedModel.Length >= 5);

            // A model listed in the version field ("Models 2131 and 2141") is named on purpose. Otherwise each side adding a
            // name the other lacks means two product lines sharing a number (Pyxis MedStation 3500 ≠ Pyxis Anesthesia System 3500).
            var namesAgree = strongModel || (sharedModel is null && nameShared) || device.Names.Count == 0 || product.Names.Count == 0 || deviceNamesCovered || productNamesCovered;
            if (!namesAgree)
            {
                return (0, "", false);
            }

            var shown = sharedModel ?? versionModel;
            return (mutual ? 5 : 4,
                $"model '{model}' and product '{productName}' share model identifier '{shown}'" + (sharedModel is null ? " (named in the advisory's version field)" : ""),
                sharedModel is null);
        }

        var productModels = product.DigitModels;
        if (deviceModels.Count > 0 && (productModels.Count > 0 || product.Patterns.Count > 0))
        {
            return (0, "", false); // both name model numbers, and they differ
        }

        if (deviceModels.Any(d => versionFieldModels.Any(v => SameShape(d, v))) && !deviceModels.Any(versionFieldModels.Contains))
        {
            return (0, "", false); // the version field lists other models of this kind ("24950 | 24952", "VS4"), not the device's
        }

        // One side's words within the other's is not enough when the other side adds what this side lacks:
        // "IntelliVue MX800" is not "IntelliVue Information Center iX"; "Valleylab ForceTriad" is not "Valleylab LS10".
        if (deviceNamesCovered && !productNamesCovered && deviceModels.Count > 0
            && (device.Names.Count < 2 || product.Names.Any(n => n.Length <= 3 && !device.Compact.Contains(n, StringComparison.Ordinal))))
        {
            // Also: the device adds its model number, the product a short code the device lacks (MedStation 3500 ≠ MedStation ES).
            deviceNamesCovered = false;
        }

        if (deviceNamesCovered && !productNamesCovered && device.Names.Count == 1
            && device.All.Any(w => !w.Any(char.IsAsciiDigit) && !product.Covers(w) && !prepared.VendorWords.Contains(w) && !ProductTerms.IsConnective(w)))
        {
            // A brand word alone: both sides add words of their own (Connex Vital Signs Monitor ≠ Connex Health Portal,
            // CardioMessenger Smart ≠ CardioMessenger II-S T-Line).
            deviceNamesCovered = false;
        }

        var deviceExtraNames = device.Names.Count(n => !product.Covers(n));
        // A brand alone is not a device that adds two words of its own ("IntelliVue" vs "IntelliVue Information Center"),
        // unless the product pins itself with a catalogue number the device does not contradict ("Arkon (99999)").
        if (productNamesCovered && !deviceNamesCovered
            && (productModels.Any(m => m.Length >= 3 && m.Any(char.IsAsciiLetter))
                || (product.Names.Count < 2 && deviceExtraNames >= 2 && !(productModels.Count > 0 && productModels.All(m => m.Length >= 5 && m.All(char.IsAsciiDigit))))))
        {
            productNamesCovered = false;
        }

        if (!nameShared || !(deviceNamesCovered || productNamesCovered))
        {
            var shared = device.Names.Count(n => product.Covers(n));
            var deviceExtra = device.Names.Count - shared;
            var productExtra = product.Names.Count(n => !DeviceCovers(n));
            // One differing word on each side is a variant only when the product line (the first distinctive word) is
            // the same or most words are shared: Alaris GH Plus ~ Alaris Gateway Workstation Alaris GH, Vereos PET/CT ≠ Gemini PET/CT.
            var sameLine = deviceExtra + productExtra <= 1 || shared >= 3 || device.FirstName == product.FirstName;
            if (shared >= 2 && deviceExtra <= 1 && productExtra <= 1 && sameLine && deviceModels.Count == 0 && productModels.Count == 0)
            {
                return (1, $"model '{model}' and product '{productName}' share {shared} distinctive words", false);
            }

            return (0, "", false);
        }

        return mutual
            ? (3, $"model '{model}' and product '{productName}' have the same distinctive words", false)
            : deviceNamesCovered
                ? (2, $"every distinctive word of model '{model}' occurs in product '{productName}'", false)
                : (2, $"every distinctive word of product '{productName}' occurs in model '{model}'", false);
    }

    private static readonly HashSet<string> EmptyWords = [];

    private static bool ConflictingModels(ProductTerms device, ProductTerms product)
    {
        var deviceRaw = device.RawModels.Where(m => m.Length >= 3).ToList();
        var productRaw = product.RawModels.Where(m => m.Length >= 3).ToList();
        var deviceUnmatched = deviceRaw.Count(m => !product.MatchesModel(m));
        var productUnmatched = productRaw.Count(m => !device.Models.Contains(m) && !device.Patterns.Any(p => p.IsMatch(m)));
        var shared = deviceRaw.Count - deviceUnmatched;
        return deviceUnmatched > 0 && productUnmatched > 0 && shared < 2;
    }

    /// <summary>Model-like words of the version field and the name's version text: 24950, 882300, VS4, HD23.</summary>
    private static List<string> VersionFieldModels(string? versionExpression, string? alternative)
    {
        // Bare numbers count only in a field without dotted versions ("24950 | 24952", not "Build 9342" after "2023.3");
        // a number after build, sp, update and the like is a build number, not a model.
        var words = TextNormaliser.Fold($"{versionExpression} {alternative}").Split([' ', '|', ',', ';', '(', ')', '/'], StringSplitOptions.RemoveEmptyEntries);
        var numbersAreModels = !words.Any(w => w.Contains('.', StringComparison.Ordinal));
        var models = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            var afterQualifier = i > 0 && BuildQualifier().IsMatch(words[i - 1]);
            if (!afterQualifier && ModelWord().IsMatch(words[i]) && (numbersAreModels || char.IsAsciiLetter(words[i][0])))
            {
                models.Add(words[i]);
            }
        }

        return [.. models.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Same kind of model identifier: as many leading letters and as many digits (VM6 and VS4, 25000 and 24950).</summary>
    private static bool SameShape(string a, string b)
    {
        static (int Letters, int Digits) Shape(string s)
        {
            var letters = s.TakeWhile(char.IsAsciiLetter).Count();
            return (letters, s.Length - letters);
        }

        return Shape(a) == Shape(b) && ModelWord().IsMatch(a);
    }

    [GeneratedRegex(@"^([a-z]{1,4}\d{1,6}(?<=^.{3,})|(?!(19|20)\d\d$)\d{4,6})$", RegexOptions.CultureInvariant)]
    private static partial Regex ModelWord();

    [GeneratedRegex(@"^(build|sp|service|pack|update|upd|patch|hotfix|rev|revision|release|version|versions|ver|v|firmware|software|sw|fw)$", RegexOptions.CultureInvariant)]
    private static partial Regex BuildQualifier();

    /// <summary>Every device of one model: the verdict depends only on the version, so it is computed once per version.</summary>
    private IEnumerable<DeviceMatch> DecideForModel(Advisory advisory, PreparedDevice model, List<LeafHit> hits)
    {
        var byVersion = new Dictionary<string, DeviceMatch>(StringComparer.Ordinal);
        foreach (var device in model.Devices)
        {
            var version = device.Version?.Trim() ?? "";
            if (!byVersion.TryGetValue(version, out var template))
            {
                template = Decide(advisory, device, hits);
                byVersion[version] = template;
                yield return template;
                continue;
            }

            yield return template with { DeviceId = device.Id };
        }
    }

    private DeviceMatch Decide(Advisory advisory, Device device, List<LeafHit> hits)
    {
        var bestTier = hits.Max(h => h.ProductTier);
        var best = hits.Where(h => h.ProductTier == bestTier).ToList();
        var verdicts = best.Select(h => (Hit: h, Verdict: EvaluateLeaf(h, device))).ToList();
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

        var hit = decisive.Hit;
        var status = decisive.Verdict.Status;
        var vendorConfidence = hit.Umbrella ? 0.85 : hit.AdvisoryVendor.InCatalogue ? 1.0 : 0.95;
        var productConfidence = hit.ProductTier switch { 5 => 1.0, 4 => 0.95, 3 => 0.9, 2 => 0.75, _ => 0.7 };
        var confidence = Math.Round(vendorConfidence * productConfidence * decisive.Verdict.Confidence, 2);
        var flaggedLeaves = verdicts.Where(v => v.Verdict.Status == status).Select(v => v.Hit.Leaf).ToList();
        var remediations = flaggedLeaves.SelectMany(l => l.Remediations).Distinct().ToList();

        var vendorRule = hit.Umbrella
            ? $"advisory vendor '{hit.Leaf.Product.Vendor.Trim()}' ({hit.AdvisoryVendor.Name}) is the umbrella brand of or a business of '{device.Manufacturer}' ({hit.DeviceVendor.Name})"
            : string.Equals(hit.AdvisoryVendor.MatchedAlias, hit.DeviceVendor.MatchedAlias, StringComparison.OrdinalIgnoreCase)
                ? $"advisory vendor '{hit.Leaf.Product.Vendor.Trim()}' is '{device.Manufacturer}' ({hit.AdvisoryVendor.Name})"
                : $"advisory vendor '{hit.Leaf.Product.Vendor.Trim()}' (alias '{hit.AdvisoryVendor.MatchedAlias}') and '{device.Manufacturer}' (alias '{hit.DeviceVendor.MatchedAlias}') are both {hit.AdvisoryVendor.Name}";

        return new DeviceMatch(advisory.Id, device.Id, status, confidence, new MatchExplanation
        {
            VendorRule = vendorRule,
            VendorAlias = hit.AdvisoryVendor.MatchedAlias,
            ProductRule = hit.ProductRule,
            VersionRule = decisive.Verdict.Reason,
            ProductIds = [.. flaggedLeaves.Select(l => l.Product.ProductId).Distinct(StringComparer.Ordinal)],
            MatchedRanges = [.. flaggedLeaves.Select(l => l.VersionExpression ?? "*").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Remediations = remediations,
        });
    }

    private static (MatchStatus Status, double Confidence, string Reason) EvaluateLeaf(LeafHit hit, Device device)
    {
        var leaf = hit.Leaf;
        foreach (var (text, terms) in leaf.Exclusions)
        {
            var excludedModels = terms.Models.Where(m => m.Any(char.IsAsciiDigit)).ToList();
            if (terms.Names.Count + excludedModels.Count > 0 && terms.Names.All(n => ModelCovers(device, n))
                && (excludedModels.Count == 0 || excludedModels.Any(m => ModelCovers(device, m))))
            {
                return (MatchStatus.NotAffected, 0.9, $"the advisory's product name excludes '{text.Trim()}'");
            }
        }

        if (leaf.ListedAsNotAffected)
        {
            return (MatchStatus.NotAffected, 0.95, $"the advisory lists '{leaf.Product.FullName}' as fixed or not affected");
        }

        if (hit.ModelInVersionField)
        {
            return (MatchStatus.Affected, 0.9, $"the advisory names this model in its version field ('{leaf.VersionExpression}'); all versions of it are affected");
        }

        var range = leaf.Range;
        if (PreparedDevice.VersionNameOf(device.Version) is { } versionName && leaf.Terms.Names.Contains(versionName))
        {
            device = device with { Version = device.Version![(device.Version!.IndexOf(' ', StringComparison.Ordinal) + 1)..].Trim() }; // "AP 3.0" → 3.0
        }

        var verdict = range.Evaluate(device.Version);
        if (verdict.Outcome != VersionOutcome.InRange && leaf.AlternativeVersionText is { } alternative
            && VersionRange.Parse(alternative) is { IsParsed: true, IsAllVersions: false } alternativeRange
            && alternativeRange.Evaluate(device.Version) is { Outcome: VersionOutcome.InRange } alternativeVerdict)
        {
            verdict = alternativeVerdict;
        }

        if (verdict.Outcome != VersionOutcome.OutOfRange && FixedAtOrAbove(leaf, range, device.Version) is { } fix)
        {
            return (MatchStatus.NotAffected, 0.85, $"device version {device.Version} is at or above the fixed version {fix} named in the vendor fix");
        }

        return verdict.Outcome switch
        {
            VersionOutcome.InRange => (MatchStatus.Affected, range.IsAllVersions ? 0.95 : 1.0, verdict.Reason),
            VersionOutcome.OutOfRange => (MatchStatus.NotAffected, 0.9, verdict.Reason),
            _ => (MatchStatus.PossiblyAffected, 0.6, verdict.Reason),
        };
    }

    private static bool ModelCovers(Device device, string token) =>
        ProductTerms.From(device.Model, EmptyWords).Covers(token);

    /// <summary>
    /// The vendor-fix version the device has reached, if any. A version that the affected range itself covers is not a
    /// fix for this product (remediation texts name several product lines and earlier releases).
    /// </summary>
    private static VersionValue? FixedAtOrAbove(Leaf leaf, VersionRange range, string? deviceVersion)
    {
        if (VersionValue.Parse(deviceVersion) is not { } device)
        {
            return null;
        }

        return leaf.FixedVersions.FirstOrDefault(fix =>
            VersionComparer.Compare(Dotted(device, fix.Version), fix.Version) >= 0
            && SameScheme(device, fix.Version)
            && (range.IsAllVersions || range.IsReleaseLine || range.Evaluate(fix.Version.Text).Outcome == VersionOutcome.OutOfRange
                || (fix.NamesProduct && PaddedBoundBelow(range, fix.Version))))?.Version;
    }

    /// <summary>
    /// "&lt;= 2.01" with a fix "Version 2.0.3" named for this product: the zero-padded bound is the dotted 2.0.1, so the
    /// fix lies above it. True when the range's upper bound, read that way, is below the fix.
    /// </summary>
    private static bool PaddedBoundBelow(VersionRange range, VersionValue fix)
    {
        if (range.Clauses is not [{ Upper: { } upper, Lower: null }] || ReferenceEquals(Dotted(upper, fix), upper))
        {
            return false;
        }

        return VersionComparer.Compare(fix, Dotted(upper, fix)) > 0;
    }

    /// <summary>A zero-padded "2.01" compared with a three-part "2.0.3" is read as 2.0.1.</summary>
    private static VersionValue Dotted(VersionValue version, VersionValue other) =>
        other.Segments.Count == 3 && PaddedMinor().Match(version.Text.Trim()) is { Success: true } m
            && VersionValue.Parse($"{m.Groups["major"].Value}.0.{m.Groups["minor"].Value}") is { } dotted
            ? dotted
            : version;

    [GeneratedRegex(@"^v?(?<major>\d+)\.0(?<minor>[1-9])$", RegexOptions.CultureInvariant)]
    private static partial Regex PaddedMinor();

    /// <summary>Fix and device versions must be written alike (same kind of first segment, same major line or later).</summary>
    private static bool SameScheme(VersionValue device, VersionValue fix) =>
        device.Segments[0].IsNumber == fix.Segments[0].IsNumber && device.Segments.Count >= 1 && fix.Segments.Count >= 1;

    private static (string Included, IReadOnlyList<string> Excluded) SplitExclusions(string name)
    {
        var m = ExclusionPhrase().Match(name);
        if (!m.Success)
        {
            return (name, []);
        }

        var excluded = m.Groups["rest"].Value
            .Split([",", ";", " and ", " or ", " nor "], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return (name[..m.Index], excluded);
    }

    private static string? AlternativeVersion(string fullName)
    {
        var colon = fullName.LastIndexOf(':');
        return colon < 0 || colon + 1 >= fullName.Length ? null : fullName[(colon + 1)..].Trim();
    }

    [GeneratedRegex(@"\s+v?(?<v>\d+(?:\.(?:\d+|x))+)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameVersion();

    [GeneratedRegex(@"[,;(]?\s*\b(not including|excluding|except for|except|other than|with the exception of)\b(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExclusionPhrase();

    internal static string FormatConfidence(double confidence) => confidence.ToString("0.00", CultureInfo.InvariantCulture);
}
