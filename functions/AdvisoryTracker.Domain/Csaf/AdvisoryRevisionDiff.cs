using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Csaf;

/// <summary>
/// What changed between two revisions of the same advisory, computed from the normalised model (pure). Products are
/// compared by vendor, family path and product name (CSAF product ids are only unique inside one document), version
/// leaves per product, remediations by category, text and the products they name. The matcher and the emails use it
/// to decide whether a revision is news (CSAF 2.0 asset matching: a revision with unchanged ranges and remediation is
/// not a new match; a vendor fix that appears is).
/// </summary>
public sealed record AdvisoryRevisionDiff
{
    public required string AdvisoryId { get; init; }
    public string? PreviousRevision { get; init; }
    public required string CurrentRevision { get; init; }
    public IReadOnlyList<string> ProductsAdded { get; init; } = [];
    public IReadOnlyList<string> ProductsRemoved { get; init; } = [];
    public IReadOnlyList<VersionRangeChange> VersionRangesChanged { get; init; } = [];
    public IReadOnlyList<RemediationChange> RemediationsAdded { get; init; } = [];
    public IReadOnlyList<RemediationChange> RemediationsRemoved { get; init; } = [];
    public IReadOnlyList<ScoreChange> ScoresChanged { get; init; } = [];
    public IReadOnlyList<ProductStatusChange> StatusesChanged { get; init; } = [];
    public IReadOnlyList<string> CvesAdded { get; init; } = [];
    public IReadOnlyList<string> CvesRemoved { get; init; } = [];

    /// <summary>A vendor fix appeared ("a patch is now available").</summary>
    public bool VendorFixAdded => RemediationsAdded.Any(r => r.Category == RemediationCategory.VendorFix);

    /// <summary>True when anything a device owner acts on changed; false for wording, references and dates only.</summary>
    public bool IsMaterial =>
        ProductsAdded.Count > 0 || ProductsRemoved.Count > 0 || VersionRangesChanged.Count > 0 || RemediationsAdded.Count > 0 ||
        RemediationsRemoved.Count > 0 || ScoresChanged.Count > 0 || StatusesChanged.Count > 0 || CvesAdded.Count > 0 || CvesRemoved.Count > 0;

    /// <summary>One line per change, plain text, for logs, the revisions table and emails (encode before rendering as HTML).</summary>
    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string>();
        if (VendorFixAdded)
        {
            lines.Add("A vendor fix is now available: " + string.Join("; ", RemediationsAdded.Where(r => r.Category == RemediationCategory.VendorFix).SelectMany(r => r.Products).Distinct(StringComparer.Ordinal)));
        }

        lines.AddRange(CvesAdded.Select(c => $"New vulnerability: {c}"));
        lines.AddRange(CvesRemoved.Select(c => $"Vulnerability withdrawn: {c}"));
        lines.AddRange(ProductsAdded.Select(p => $"Product added: {p}"));
        lines.AddRange(ProductsRemoved.Select(p => $"Product removed: {p}"));
        lines.AddRange(VersionRangesChanged.Select(c => $"Affected versions of {c.Product} changed from [{string.Join(", ", c.Before)}] to [{string.Join(", ", c.After)}]"));
        lines.AddRange(RemediationsAdded.Where(r => r.Category != RemediationCategory.VendorFix).Select(r => $"Remediation added ({r.Category}): {Clip(r.Details)}"));
        lines.AddRange(RemediationsRemoved.Select(r => $"Remediation removed ({r.Category}): {Clip(r.Details)}"));
        lines.AddRange(ScoresChanged.Select(s => $"CVSS of {s.Vulnerability} changed from {Score(s.Before)} to {Score(s.After)}"));
        lines.AddRange(StatusesChanged.Select(s => $"{s.Product} for {s.Vulnerability}: {string.Join("/", s.Before)} -> {string.Join("/", s.After)}"));
        return lines;

        static string Score(double? value) => value?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "none";
        static string Clip(string text) => text.Length <= 160 ? text : text[..160] + "…";
    }

    /// <summary>The diff of a first revision against nothing: everything is added.</summary>
    public static AdvisoryRevisionDiff Initial(Advisory current) => Compute(null, current);

    public static AdvisoryRevisionDiff Compute(Advisory? previous, Advisory current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is not null && !string.Equals(previous.Id, current.Id, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"cannot compare revisions of different advisories ({previous.Id} vs {current.Id})", nameof(previous));
        }

        var before = previous is null ? new Snapshot() : Snapshot.Of(previous);
        var after = Snapshot.Of(current);

        var rangeChanges = before.Versions.Keys.Intersect(after.Versions.Keys, StringComparer.Ordinal)
            .Where(k => !before.Versions[k].SetEquals(after.Versions[k]))
            .Order(StringComparer.Ordinal)
            .Select(k => new VersionRangeChange(k, Sorted(before.Versions[k]), Sorted(after.Versions[k])))
            .ToList();

        var scoreChanges = before.Scores.Keys.Union(after.Scores.Keys, StringComparer.Ordinal)
            .Where(v => before.Vulnerabilities.Contains(v) && after.Vulnerabilities.Contains(v))
            .Select(v => new ScoreChange(v, before.Scores.GetValueOrDefault(v), after.Scores.GetValueOrDefault(v)))
            .Where(s => s.Before != s.After)
            .OrderBy(s => s.Vulnerability, StringComparer.Ordinal)
            .ToList();

        var statusChanges = new List<ProductStatusChange>();
        foreach (var (key, statuses) in after.Statuses.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (before.Statuses.TryGetValue(key, out var old) && !old.SetEquals(statuses))
            {
                var split = key.Split('\u001F');
                statusChanges.Add(new ProductStatusChange(split[0], split[1], [.. old.Order()], [.. statuses.Order()]));
            }
        }

        return new AdvisoryRevisionDiff
        {
            AdvisoryId = current.Id,
            PreviousRevision = previous?.Revision,
            CurrentRevision = current.Revision,
            ProductsAdded = after.Versions.Keys.Except(before.Versions.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            ProductsRemoved = before.Versions.Keys.Except(after.Versions.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            VersionRangesChanged = rangeChanges,
            RemediationsAdded = after.Remediations.Where(r => !before.Remediations.Contains(r)).Select(r => r.ToChange()).ToList(),
            RemediationsRemoved = before.Remediations.Where(r => !after.Remediations.Contains(r)).Select(r => r.ToChange()).ToList(),
            ScoresChanged = scoreChanges,
            StatusesChanged = statusChanges,
            CvesAdded = after.Cves.Except(before.Cves, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList(),
            CvesRemoved = before.Cves.Except(after.Cves, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList(),
        };
    }

    private static List<string> Sorted(HashSet<string> set) => [.. set.Order(StringComparer.Ordinal)];

    /// <summary>Collapses runs of whitespace and trims, so re-wrapped text is not a change.</summary>
    private static string Norm(string? text) =>
        string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private sealed record RemediationKey(RemediationCategory Category, string Details, string Url, string Products)
    {
        public RemediationChange ToChange() => new(Category, Details, Url.Length == 0 ? null : Url, Products.Length == 0 ? [] : Products.Split('\u001F'));
    }

    private sealed class Snapshot
    {
        public Dictionary<string, HashSet<string>> Versions { get; } = new(StringComparer.Ordinal);
        public HashSet<RemediationKey> Remediations { get; } = [];
        public Dictionary<string, double?> Scores { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, HashSet<ProductStatus>> Statuses { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Vulnerabilities { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Cves { get; } = new(StringComparer.OrdinalIgnoreCase);

        public static Snapshot Of(Advisory advisory)
        {
            var snapshot = new Snapshot();
            var productById = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var product in advisory.Products)
            {
                var key = ProductKey(product);
                productById[product.ProductId] = key;
                if (!snapshot.Versions.TryGetValue(key, out var versions))
                {
                    snapshot.Versions[key] = versions = new HashSet<string>(StringComparer.Ordinal);
                }

                versions.Add(Norm(product.VersionExpression));
            }

            var index = 0;
            foreach (var vulnerability in advisory.Vulnerabilities)
            {
                index++;
                var name = vulnerability.Cve is { Length: > 0 } cveId ? cveId.Trim().ToUpperInvariant()
                    : Norm(vulnerability.Title) is { Length: > 0 } title ? title
                    : $"vulnerability #{index}";
                snapshot.Vulnerabilities.Add(name);
                if (vulnerability.Cve is { Length: > 0 })
                {
                    snapshot.Cves.Add(name);
                }

                snapshot.Scores[name] = vulnerability.Scores.Count == 0 ? null : vulnerability.Scores.Max(s => s.BaseScore);
                foreach (var remediation in vulnerability.Remediations)
                {
                    var products = string.Join('\u001F', remediation.ProductIds.Select(id => productById.GetValueOrDefault(id, id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
                    snapshot.Remediations.Add(new RemediationKey(remediation.Category, Norm(remediation.Details), Norm(remediation.Url), products));
                }

                foreach (var (status, ids) in vulnerability.ProductStatus)
                {
                    foreach (var id in ids)
                    {
                        var key = name + '\u001F' + productById.GetValueOrDefault(id, id);
                        if (!snapshot.Statuses.TryGetValue(key, out var set))
                        {
                            snapshot.Statuses[key] = set = [];
                        }

                        set.Add(status);
                    }
                }
            }

            return snapshot;
        }

        private static string ProductKey(AdvisoryProduct product)
        {
            var parts = new List<string> { Norm(product.VendorDisplayName) };
            parts.AddRange(product.Families.Select(Norm));
            parts.Add(Norm(product.ProductName.Length > 0 ? product.ProductName : product.FullName));
            return string.Join(" / ", parts.Where(p => p.Length > 0));
        }
    }
}
