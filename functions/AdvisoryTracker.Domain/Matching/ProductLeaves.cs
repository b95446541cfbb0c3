using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Vendors;
using AdvisoryTracker.Domain.Versions;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>One matchable product of an advisory: a tree leaf, a full product name or a resolved relationship.</summary>
internal sealed record Leaf(
    AdvisoryProduct Product,
    VersionRange Range,
    ProductTerms? VersionTerms,
    IReadOnlyList<string> VersionFieldModels,
    IReadOnlyList<ResolvedVendor> Vendors,
    ProductTerms Terms,
    IReadOnlyList<(string Text, ProductTerms Terms)> Exclusions,
    string? VersionExpression,
    string? AlternativeVersionText,
    LeafStatus Status,
    IReadOnlyList<AdvisoryRemediation> Remediations,
    IReadOnlyList<LeafFix> FixedVersions,
    string? Origin = null);

/// <summary>
/// A fixed version for a leaf; <paramref name="NamesProduct"/> when its sentence names this product;
/// <paramref name="FromMitigation"/> when a mitigation (not a vendor_fix) remediation announces it.
/// </summary>
internal sealed record LeafFix(VersionValue Version, bool NamesProduct, bool FromMitigation = false);

/// <summary>The leaves of one advisory, and the references the tree could not resolve (with the reason).</summary>
internal sealed record AdvisoryLeaves(IReadOnlyList<Leaf> Leaves, IReadOnlyList<string> Rejected);

/// <summary>
/// Tree flattening: every product of the advisory becomes a <see cref="Leaf"/> with its vendor, name (families
/// included), version expression, status (<see cref="StatusSemantics"/>), remediations and vendor-fix versions.
/// Relationships are resolved to the platform (installed_on: the component's version is the device's) and to the
/// component on its own (a hospital may track a library or a module as its own entry). Products of
/// full_product_names take their vendor from the CPE, the PURL, the only vendor of the tree or the publisher.
/// A relationship naming an undefined product is rejected with the reason. Linear in the number of products.
/// </summary>
internal static partial class ProductLeaves
{
    private static readonly HashSet<string> EmptyWords = [];

    public static AdvisoryLeaves Build(Advisory advisory, VendorCatalogue catalogue)
    {
        var statuses = StatusSemantics.Read(advisory);
        var byId = new Dictionary<string, AdvisoryProduct>(StringComparer.Ordinal);
        foreach (var p in advisory.Products)
        {
            byId.TryAdd(p.ProductId, p);
        }

        var remediationsById = new Dictionary<string, List<AdvisoryRemediation>>(StringComparer.Ordinal);
        foreach (var remediation in advisory.Vulnerabilities.SelectMany(v => v.Remediations))
        {
            foreach (var id in remediation.ProductIds)
            {
                if (!remediationsById.TryGetValue(id, out var list))
                {
                    list = [];
                    remediationsById[id] = list;
                }

                if (!list.Contains(remediation))
                {
                    list.Add(remediation);
                }
            }
        }

        var treeVendors = advisory.Products.Select(p => p.Vendor.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Take(2).ToList();
        var rejected = new List<string>();
        var leaves = new List<Leaf>();

        // Components that only matter through a relationship: their status comes from the relationships that use them;
        // platforms that only matter through a relationship are not leaves of their own.
        var componentStatus = new Dictionary<string, LeafStatus>(StringComparer.Ordinal);
        foreach (var product in advisory.Products.Where(p => p.RelationshipCategory is not null))
        {
            var status = statuses.GetValueOrDefault(product.ProductId, LeafStatus.Unlisted);
            // Only the component (product_reference): the platform is matched through the relationship itself.
            if (product.RelationshipProductReference is { } part)
            {
                if (!componentStatus.TryGetValue(part, out var existing) || StatusSemantics.Rank(status.Kind) < StatusSemantics.Rank(existing.Kind))
                {
                    componentStatus[part] = status;
                }
            }
        }

        var vendorCache = new Dictionary<string, (IReadOnlyList<ResolvedVendor>, IReadOnlySet<string>)>(StringComparer.Ordinal);
        var rangeCache = new Dictionary<string, VersionRange>(StringComparer.Ordinal);
        var termsCache = new Dictionary<string, (ProductTerms, IReadOnlyList<(string, ProductTerms)>)>(StringComparer.Ordinal);
        var versionTermsCache = new Dictionary<string, ProductTerms>(StringComparer.Ordinal);
        var versionModelsCache = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var platforms = advisory.Products.Select(p => p.RelationshipRelatesTo).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var product in advisory.Products)
        {
            var effective = product;
            var status = statuses.GetValueOrDefault(product.ProductId, LeafStatus.Unlisted);
            string? origin = null;
            if (product.RelationshipCategory is { } category)
            {
                var undefined = new[] { product.RelationshipProductReference, product.RelationshipRelatesTo }
                    .Where(r => r is null || !byId.ContainsKey(r) || byId[r].RelationshipCategory is not null).ToList();
                if (undefined.Count > 0)
                {
                    rejected.Add($"relationship '{product.ProductId}' ({category}) refers to undefined product '{undefined[0] ?? "(none)"}': ignored");
                    continue;
                }

                var platform = byId[product.RelationshipRelatesTo!];
                var component = byId[product.RelationshipProductReference!];
                // "firmware X installed_on camera Y": the device is the camera, its version is the firmware's.
                // "library L default_component_of product P": the device is P at P's version (or L's when P has none).
                var version = category == "installed_on"
                    ? component.VersionExpression ?? component.ProductName
                    : platform.VersionExpression ?? component.VersionExpression;
                effective = platform with
                {
                    ProductId = product.ProductId,
                    FullName = product.FullName,
                    VersionExpression = version,
                    Vendor = platform.Vendor.Trim().Length > 0 ? platform.Vendor : component.Vendor,
                };
                origin = $"{component.FullName} {category.Replace('_', ' ')} {platform.FullName}";
            }
            else if (!statuses.ContainsKey(product.ProductId) && platforms.Contains(product.ProductId) && !componentStatus.ContainsKey(product.ProductId))
            {
                continue;
            }
            else if (componentStatus.TryGetValue(product.ProductId, out var viaRelationship) && !statuses.ContainsKey(product.ProductId))
            {
                // A part that appears only through relationships: matched on its own with the relationship's status.
                status = viaRelationship with { Reason = $"{viaRelationship.Reason} (as part of a product it is combined with)" };
            }

            var vendorText = effective.Vendor.Trim().Length > 0 ? effective.Vendor : InferVendor(effective, advisory, treeVendors, catalogue);
            if (vendorText is null)
            {
                continue;
            }

            // Thousands of leaves share a vendor, a name and a handful of versions: each is read once.
            if (!vendorCache.TryGetValue(vendorText, out var vendorInfo))
            {
                var resolved = catalogue.Resolve(vendorText);
                vendorInfo = (resolved, ProductTerms.VendorWords(resolved.Select(v => v.Name).Append(vendorText)));
                vendorCache[vendorText] = vendorInfo;
            }

            var (vendors, vendorWords) = vendorInfo;
            if (vendors.Count == 0)
            {
                continue;
            }

            var range = Cached(rangeCache, effective.VersionExpression ?? "", () => VersionRange.Parse(effective.VersionExpression));
            var productName = effective.ProductName;
            if (range.IsAllVersions && NameVersion().Match(productName) is { Success: true } nameVersion)
            {
                // "IntelliSpace Portal 8.0.x" with range "*": the version written in the name is the range.
                range = VersionRange.Parse(nameVersion.Groups["v"].Value);
                productName = productName[..nameVersion.Index];
            }

            var identifiers = string.Join(" ", effective.ModelNumbers.Concat(effective.Skus).Where(m => !m.Contains('*', StringComparison.Ordinal)));
            var name = string.Join(" ", effective.Families.Append(productName).Append(identifiers)).Trim();
            var (terms, exclusions) = Cached(termsCache, $"{vendorText}\u0001{name}", () =>
            {
                var (included, excluded) = SplitExclusions(name);
                return (ProductTerms.From(included, vendorWords).WithInitialsOf(included), (IReadOnlyList<(string, ProductTerms)>)[.. excluded
                    .Select(e => (e, ProductTerms.From(e, vendorWords)))
                    .Where(e => !e.Item2.IsEmpty)]);
            });

            var alternative = AlternativeVersion(effective.FullName);
            var remediations = remediationsById.TryGetValue(product.ProductId, out var rems) ? rems : [];
            leaves.Add(new Leaf(
                effective with { ProductId = product.ProductId, Vendor = vendorText },
                range,
                effective.VersionExpression is null ? null : Cached(versionTermsCache, effective.VersionExpression, () => ProductTerms.From(effective.VersionExpression, EmptyWords)),
                Cached(versionModelsCache, $"{effective.VersionExpression}\u0001{AfterColon(effective.FullName)}", () => VersionFieldModels(effective.VersionExpression, AfterColon(effective.FullName))),
                vendors,
                terms,
                exclusions,
                effective.VersionExpression,
                alternative,
                status,
                remediations,
                [],
                origin));

            // "GEH-500 <= 1.54 (integrated into <host>)": the part is built into another product of the vendor. A
            // device registered as the host is exposed too; the listed versions are the part's, so the host's own
            // version cannot be compared (possibly affected, review).
            if (HostProduct().Match($"{effective.VersionExpression} {productName}") is { Success: true } host
                && ProductTerms.From(host.Groups["h"].Value, vendorWords) is { IsEmpty: false } hostTerms)
            {
                var hostName = host.Groups["h"].Value.Trim();
                leaves.Add(new Leaf(
                    effective with { ProductId = product.ProductId, Vendor = vendorText, ProductName = hostName, FullName = hostName, Families = [] },
                    new VersionRange(effective.VersionExpression ?? "", false, []) { Invalid = $"the advisory's versions are those of the integrated part '{effective.ProductName}', not of '{hostName}'" },
                    null,
                    [],
                    vendors,
                    hostTerms,
                    [],
                    effective.VersionExpression,
                    null,
                    status,
                    remediations,
                    [],
                    $"{effective.FullName} {host.Groups["k"].Value.Trim()} {hostName}"));
            }
        }

        return new AdvisoryLeaves(FixedVersions.Attach(leaves), rejected);
    }

    private static T Cached<T>(Dictionary<string, T> cache, string key, Func<T> make)
    {
        if (!cache.TryGetValue(key, out var value))
        {
            value = make();
            cache[key] = value;
        }

        return value;
    }

    /// <summary>
    /// The vendor of a product written without a vendor branch (full_product_names, relationships): the CPE's vendor
    /// field, the PURL namespace, the one vendor of the tree, the publisher, or the name's first words when the
    /// catalogue knows them. Null when none is known.
    /// </summary>
    internal static string? InferVendor(AdvisoryProduct product, Advisory advisory, IReadOnlyList<string> treeVendors, VendorCatalogue catalogue)
    {
        if (product.Cpe is { } cpe)
        {
            var parts = cpe.Split(':');
            var vendor = parts.Length > 4 && parts[1] == "2.3" ? parts[3] : parts.Length > 3 && parts[1].StartsWith('/') ? parts[2] : null;
            if (vendor is { Length: > 0 } and not "*" and not "-")
            {
                return vendor.Replace('_', ' ').Replace("\\", "", StringComparison.Ordinal);
            }
        }

        if (product.Purl is { } purl && purl.Split('/') is { Length: >= 3 } segments && segments[1].Length > 0)
        {
            return Uri.UnescapeDataString(segments[1]);
        }

        if (treeVendors.Count == 1)
        {
            return treeVendors[0];
        }

        var words = product.FullName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var n = Math.Min(3, words.Length - 1); n >= 1; n--)
        {
            var prefix = string.Join(" ", words.Take(n));
            if (catalogue.Resolve(prefix) is [{ InCatalogue: true }, ..])
            {
                return prefix;
            }
        }

        return catalogue.Resolve(advisory.Publisher) is [{ InCatalogue: true }, ..] ? advisory.Publisher : null;
    }

    /// <summary>Model-like words of the version field and the name's version text: 24950, 882300, VS4, HD23.</summary>
    internal static List<string> VersionFieldModels(string? versionExpression, string? alternative)
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

    [GeneratedRegex(@"^([a-z]{1,4}\d{1,6}(?<=^.{3,})|(?!(19|20)\d\d$)\d{4,6})$", RegexOptions.CultureInvariant)]
    internal static partial Regex ModelWord();

    [GeneratedRegex(@"^(build|sp|service|pack|update|upd|patch|hotfix|rev|revision|release|version|versions|ver|v|firmware|software|sw|fw)$", RegexOptions.CultureInvariant)]
    private static partial Regex BuildQualifier();

    internal static (string Included, IReadOnlyList<string> Excluded) SplitExclusions(string name)
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

    /// <summary>
    /// The version text after the last colon of the full name ("Product: 1.2"), or null. Only when the text after the
    /// colon reads as a version: a colon inside a product name ("Series: Model X") is not a range.
    /// </summary>
    internal static string? AlternativeVersion(string fullName) =>
        AfterColon(fullName) is { } text && VersionText().IsMatch(text) ? text : null;

    /// <summary>The text after the last colon of a full name (CISA writes "Product: Versions ..." or "Product: Models ..."), or null.</summary>
    private static string? AfterColon(string fullName)
    {
        var colon = fullName.LastIndexOf(':');
        return colon < 0 || colon + 1 >= fullName.Length ? null : fullName[(colon + 1)..].Trim();
    }

    [GeneratedRegex(@"^(vers:|[<>=*~]|v?\d|(all|any|versions?|prior|before|up to|through|rev(ision)?|r\d\S*|firmware|software|release|build|sw|fw)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionText();

    [GeneratedRegex(@"\b(?<k>(?:integrated|embedded|built|included|installed)\s+(?:into|in)|as\s+part\s+of)\s+(?:the\s+)?(?<h>[^()\[\];,]{3,60})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostProduct();

    [GeneratedRegex(@"\s+v?(?<v>\d+(?:\.(?:\d+|x))+)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameVersion();

    [GeneratedRegex(@"[,;(]?\s*\b(not including|excluding|except for|except|other than|with the exception of)\b(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExclusionPhrase();
}

/// <summary>
/// Vendor-fix versions per leaf, read from the remediations that list the leaf's product id, sentence by sentence;
/// a sentence that names another product of the advisory but not this one is not this product's fix. Linear: the
/// advisory's product words are counted once, not compared leaf by leaf.
/// </summary>
internal static partial class FixedVersions
{
    public static List<Leaf> Attach(List<Leaf> leaves)
    {
        var leafCount = new Dictionary<string, int>(StringComparer.Ordinal);
        var ownTokens = new List<HashSet<string>>(leaves.Count);
        foreach (var leaf in leaves)
        {
            var own = DistinctiveTokens(leaf.Terms).ToHashSet(StringComparer.Ordinal);
            ownTokens.Add(own);
            foreach (var t in own)
            {
                leafCount[t] = leafCount.GetValueOrDefault(t) + 1;
            }
        }

        var cache = new Dictionary<AdvisoryRemediation, List<(VersionValue Version, HashSet<string> Words)>>(ReferenceEqualityComparer.Instance);
        var result = new List<Leaf>(leaves.Count);
        for (var i = 0; i < leaves.Count; i++)
        {
            var leaf = leaves[i];
            var own = ownTokens[i];
            var fixes = new List<LeafFix>();
            // Vendors also announce the fixed release under "mitigation" ("a new version that mitigates ...: Version 1.52.01").
            foreach (var remediation in leaf.Remediations.Where(r => r.Category is RemediationCategory.VendorFix or RemediationCategory.Mitigation))
            {
                if (!cache.TryGetValue(remediation, out var sentences))
                {
                    sentences = [.. FixedVersionExtractor.ExtractWithSentences(remediation.Details)
                        .Where(f => !f.Version.HasWildcard)
                        .Select(f => (f.Version, ProductTerms.Words(f.Sentence)))];
                    cache[remediation] = sentences;
                }

                foreach (var (version, words) in sentences)
                {
                    var namesOwn = own.Overlaps(words);
                    // Another leaf's word that this leaf lacks: present in some leaf, and not in this one.
                    if (!namesOwn && words.Any(w => !own.Contains(w) && leafCount.ContainsKey(w)))
                    {
                        continue;
                    }

                    fixes.Add(new LeafFix(version, namesOwn, remediation.Category == RemediationCategory.Mitigation));
                }
            }

            result.Add(fixes.Count == 0 ? leaf : leaf with { FixedVersions = fixes });
        }

        return result;
    }

    /// <summary>Names and model numbers of a product; short numbers and v-numbers are left out (they read as versions).</summary>
    internal static IEnumerable<string> DistinctiveTokens(ProductTerms terms) =>
        terms.Names.Concat(terms.RawModels.Where(m => !VersionLikeToken().IsMatch(m)));

    [GeneratedRegex(@"^(v?\d{1,2}|v\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionLikeToken();
}
