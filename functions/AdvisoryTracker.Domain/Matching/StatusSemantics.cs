using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>What the document's product_status, flags and threats say about one product id (CSAF 2.0 §3.2.3.9, §3.2.3.5).</summary>
internal enum StatusKind
{
    /// <summary>known_affected: the product (at the versions its leaf names) is affected.</summary>
    KnownAffected,
    /// <summary>first_affected: this version and later ones are affected (a lower bound).</summary>
    FirstAffected,
    /// <summary>last_affected: this version and earlier ones are affected (an upper bound).</summary>
    LastAffected,
    /// <summary>Two of affected / not affected / fixed / under investigation for the same product in one vulnerability.</summary>
    Contradicting,
    /// <summary>under_investigation: not known yet.</summary>
    UnderInvestigation,
    /// <summary>first_fixed: this version is the first with the fix; earlier versions are affected.</summary>
    FirstFixed,
    /// <summary>fixed: this version contains the fix.</summary>
    Fixed,
    /// <summary>known_not_affected, or a flag (component_not_present, vulnerable_code_not_present, ...).</summary>
    KnownNotAffected,
    /// <summary>recommended: the version the vendor recommends; says nothing about other versions.</summary>
    Recommended,
    /// <summary>The product is defined in the tree but no product_status names it.</summary>
    Unlisted,
}

/// <summary>A product's status and the words that explain it.</summary>
internal sealed record LeafStatus(StatusKind Kind, string Reason, IReadOnlyList<string> Threats)
{
    public static readonly LeafStatus Unlisted = new(StatusKind.Unlisted, "the advisory lists this product but gives it no product status", []);

    /// <summary>A status that on its own says the product (at the leaf's versions) is affected.</summary>
    public bool IsAffected => Kind is StatusKind.KnownAffected or StatusKind.FirstAffected or StatusKind.LastAffected;
}

/// <summary>
/// Reads product_status, flags and threats into one <see cref="LeafStatus"/> per product id. Within one vulnerability a
/// product in two of {affected, not affected, fixed, under investigation} is contradicting (CSAF mandatory test 6.1.6).
/// Across vulnerabilities the most severe statement wins (affected by one vulnerability is affected).
/// </summary>
internal static class StatusSemantics
{
    [Flags]
    private enum Groups
    {
        None = 0,
        Affected = 1,
        NotAffected = 2,
        Fixed = 4,
        Investigating = 8,
        Recommended = 16,
    }

    private static readonly HashSet<string> NotAffectedFlags =
    [
        "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
        "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist",
    ];

    public static Dictionary<string, LeafStatus> Read(Advisory advisory)
    {
        var result = new Dictionary<string, LeafStatus>(StringComparer.Ordinal);
        var threats = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var vulnerability in advisory.Vulnerabilities)
        {
            var groups = new Dictionary<string, (Groups Groups, StatusKind Kind, string? Flag)>(StringComparer.Ordinal);
            void Add(string id, Groups group, StatusKind kind, string? flag = null)
            {
                var current = groups.TryGetValue(id, out var c) ? c : (Groups.None, kind, null);
                // The most specific kind of a group: known_affected over first/last_affected, first_fixed over fixed.
                var k = (current.Groups & group) != 0 ? MoreSpecific(current.Kind, kind) : current.Groups == Groups.None ? kind : Severer(current.Kind, kind);
                groups[id] = (current.Groups | group, k, flag ?? current.Flag);
            }

            foreach (var (status, ids) in vulnerability.ProductStatus)
            {
                var (group, kind) = status switch
                {
                    ProductStatus.KnownAffected => (Groups.Affected, StatusKind.KnownAffected),
                    ProductStatus.FirstAffected => (Groups.Affected, StatusKind.FirstAffected),
                    ProductStatus.LastAffected => (Groups.Affected, StatusKind.LastAffected),
                    ProductStatus.Fixed => (Groups.Fixed, StatusKind.Fixed),
                    ProductStatus.FirstFixed => (Groups.Fixed, StatusKind.FirstFixed),
                    ProductStatus.KnownNotAffected => (Groups.NotAffected, StatusKind.KnownNotAffected),
                    ProductStatus.UnderInvestigation => (Groups.Investigating, StatusKind.UnderInvestigation),
                    _ => (Groups.Recommended, StatusKind.Recommended),
                };
                foreach (var id in ids)
                {
                    Add(id, group, kind);
                }
            }

            foreach (var flag in vulnerability.Flags.Where(f => NotAffectedFlags.Contains(f.Label)))
            {
                foreach (var id in flag.ProductIds)
                {
                    Add(id, Groups.NotAffected, StatusKind.KnownNotAffected, flag.Label);
                }
            }

            foreach (var threat in vulnerability.Threats.Where(t => t.Category is "impact" or "exploit_status" && t.Details.Length > 0))
            {
                foreach (var id in threat.ProductIds)
                {
                    if (!threats.TryGetValue(id, out var list))
                    {
                        list = [];
                        threats[id] = list;
                    }

                    list.Add($"{threat.Category.Replace('_', ' ')}: {threat.Details}");
                }
            }

            foreach (var (id, (g, kind, flag)) in groups)
            {
                var statement = Describe(g, kind, flag, vulnerability.Cve);
                result[id] = result.TryGetValue(id, out var previous) && Rank(previous.Kind) <= Rank(statement.Kind) ? previous : statement;
            }
        }

        foreach (var (id, list) in threats)
        {
            if (result.TryGetValue(id, out var status))
            {
                result[id] = status with { Threats = [.. status.Threats.Concat(list).Distinct(StringComparer.Ordinal)] };
            }
        }

        return result;
    }

    private static LeafStatus Describe(Groups groups, StatusKind kind, string? flag, string? cve)
    {
        var about = cve is null ? "" : $" for {cve}";
        var main = groups & ~Groups.Recommended;
        if (main != Groups.None && (main & (main - 1)) != 0)
        {
            var named = new[] { (Groups.Affected, "affected"), (Groups.NotAffected, "not affected"), (Groups.Fixed, "fixed"), (Groups.Investigating, "under investigation") }
                .Where(g => (main & g.Item1) != 0).Select(g => g.Item2);
            return new LeafStatus(StatusKind.Contradicting, $"the advisory contradicts itself{about}: it lists this product as {string.Join(" and as ", named)}", []);
        }

        return kind switch
        {
            StatusKind.KnownAffected => new(kind, $"the advisory lists this product as known affected{about}", []),
            StatusKind.FirstAffected => new(kind, $"the advisory lists this version as the first affected one{about}", []),
            StatusKind.LastAffected => new(kind, $"the advisory lists this version as the last affected one{about}", []),
            StatusKind.FirstFixed => new(kind, $"the advisory lists this version as the first fixed one{about}", []),
            StatusKind.Fixed => new(kind, $"the advisory lists this version as fixed{about}", []),
            StatusKind.KnownNotAffected when flag is not null => new(kind, $"the advisory flags this product '{flag.Replace('_', ' ')}'{about}", []),
            StatusKind.KnownNotAffected => new(kind, $"the advisory lists this product as known not affected{about}", []),
            StatusKind.UnderInvestigation => new(kind, $"the vendor is still investigating whether this product is affected{about}", []),
            _ => new(StatusKind.Recommended, $"the advisory lists this version as the one the vendor recommends{about}", []),
        };
    }

    /// <summary>Lower is more severe (decides across vulnerabilities).</summary>
    internal static int Rank(StatusKind kind) => kind switch
    {
        StatusKind.KnownAffected => 0,
        StatusKind.FirstAffected or StatusKind.LastAffected => 1,
        StatusKind.Contradicting => 2,
        StatusKind.UnderInvestigation => 3,
        StatusKind.FirstFixed or StatusKind.Fixed => 4,
        StatusKind.KnownNotAffected => 5,
        StatusKind.Recommended => 6,
        _ => 7,
    };

    private static StatusKind Severer(StatusKind a, StatusKind b) => Rank(a) <= Rank(b) ? a : b;

    private static StatusKind MoreSpecific(StatusKind a, StatusKind b) =>
        a == StatusKind.KnownAffected || b == StatusKind.KnownAffected ? StatusKind.KnownAffected
        : a == StatusKind.FirstFixed || b == StatusKind.FirstFixed ? StatusKind.FirstFixed
        : a;
}
