using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AdvisoryTracker.Domain.Csaf.Validation;

/// <summary>The outcome of the CSAF mandatory tests (§6.1) this tracker runs on a schema-valid document.</summary>
/// <param name="Blocking">Findings that make the document unusable (undefined or duplicate ids, circular definitions): reject it.</param>
/// <param name="Warnings">Findings the matcher copes with and reports (contradicting statuses, a range in a product version).</param>
internal sealed record CsafMandatoryTestResult(IReadOnlyList<CsafValidationFinding> Blocking, IReadOnlyList<CsafValidationFinding> Warnings);

/// <summary>
/// The CSAF mandatory tests that decide matching (CSAF 2.0 / 2.1 §6.1), over the parsed JSON of a schema-valid
/// document, in one pass plus linear checks:
/// 6.1.1 missing definition of product id, 6.1.2 multiple definition of product id, 6.1.3 circular definition of
/// product id, 6.1.4 missing definition of product group id, 6.1.5 multiple definition of product group id — these
/// reject the document; 6.1.6 contradicting product status and 6.1.31 version range in product version are reported
/// as warnings and the document is kept (the matcher reads a contradiction as possibly affected, and real CISA
/// documents write <c>vers:all/*</c> as a product version: rejecting them would hide real advisories).
/// </summary>
internal static partial class CsafMandatoryTests
{
    private static readonly string[][] StatusGroups =
    [
        ["first_affected", "known_affected", "last_affected"],
        ["known_not_affected"],
        ["first_fixed", "fixed"],
        ["under_investigation"],
    ];

    private static readonly string[] StatusGroupNames = ["affected", "not affected", "fixed", "under investigation"];

    public static CsafMandatoryTestResult Run(JsonElement root)
    {
        var walk = new Walk();
        walk.Visit(root, new List<string>(16));
        var blocking = new List<CsafValidationFinding>();
        var warnings = new List<CsafValidationFinding>();

        // 6.1.2 / 6.1.5: the second and later definitions of one id.
        foreach (var (id, path) in walk.ProductDefinitions.Where(d => !walk.FirstProductDefinition[d.Id].Equals(d.Path, StringComparison.Ordinal)))
        {
            blocking.Add(new CsafValidationFinding("6.1.2", path, $"product id '{Clip(id)}' is defined more than once (first at {walk.FirstProductDefinition[id]})"));
        }

        foreach (var (id, path) in walk.GroupDefinitions.Where(d => !walk.FirstGroupDefinition[d.Id].Equals(d.Path, StringComparison.Ordinal)))
        {
            blocking.Add(new CsafValidationFinding("6.1.5", path, $"product group id '{Clip(id)}' is defined more than once"));
        }

        // 6.1.1 / 6.1.4: every reference names a definition.
        foreach (var (id, path) in walk.ProductReferences.Where(r => !walk.FirstProductDefinition.ContainsKey(r.Id)))
        {
            blocking.Add(new CsafValidationFinding("6.1.1", path, $"product id '{Clip(id)}' is referenced but not defined in the product tree"));
        }

        foreach (var (id, path) in walk.GroupReferences.Where(r => !walk.FirstGroupDefinition.ContainsKey(r.Id)))
        {
            blocking.Add(new CsafValidationFinding("6.1.4", path, $"product group id '{Clip(id)}' is referenced but not defined in the product groups"));
        }

        // 6.1.3: a relationship's product must not, through its references, depend on itself.
        if (FindCycle(walk.RelationshipEdges) is { } cycle)
        {
            blocking.Add(new CsafValidationFinding("6.1.3", cycle.Path, $"product id '{Clip(cycle.Id)}' is defined in a circle of relationships"));
        }

        // 6.1.6: one product in two status groups of the same vulnerability.
        foreach (var (vulnerability, statuses) in walk.Statuses)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var g = 0; g < StatusGroups.Length; g++)
            {
                foreach (var category in StatusGroups[g])
                {
                    if (!statuses.TryGetValue(category, out var ids))
                    {
                        continue;
                    }

                    foreach (var (id, path) in ids)
                    {
                        if (seen.TryGetValue(id, out var other) && other != g)
                        {
                            warnings.Add(new CsafValidationFinding("6.1.6", path,
                                $"product id '{Clip(id)}' is both {StatusGroupNames[other]} and {StatusGroupNames[g]} in {vulnerability}"));
                        }
                        else
                        {
                            seen[id] = g;
                        }
                    }
                }
            }
        }

        // 6.1.31: a product_version branch whose name is a range.
        foreach (var (name, path) in walk.ProductVersionNames.Where(v => VersionRangeIndicator().IsMatch(v.Name)))
        {
            warnings.Add(new CsafValidationFinding("6.1.31", path, $"product_version '{Clip(name)}' contains a version range (use product_version_range)"));
        }

        return new CsafMandatoryTestResult(blocking, warnings);
    }

    private static (string Id, string Path)? FindCycle(Dictionary<string, List<(string Target, string Path)>> edges)
    {
        // Iterative three-colour depth-first search: linear in relationships.
        var state = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (var start in edges.Keys)
        {
            if (state.ContainsKey(start))
            {
                continue;
            }

            var stack = new Stack<(string Node, int Next)>();
            stack.Push((start, 0));
            state[start] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var targets = edges.TryGetValue(node, out var list) ? list : [];
                if (next < targets.Count)
                {
                    stack.Push((node, next + 1));
                    var (target, path) = targets[next];
                    if (state.TryGetValue(target, out var s))
                    {
                        if (s == 1)
                        {
                            return (target, path);
                        }

                        continue;
                    }

                    state[target] = 1;
                    stack.Push((target, 0));
                }
                else
                {
                    state[node] = 2;
                }
            }
        }

        return null;
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";

    // CSAF §6.1.31: "<", "<=", ">", ">=" and the words after, all, before, earlier, later, prior, versions.
    [GeneratedRegex(@"<|>|\b(after|all|before|earlier|later|prior|versions)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionRangeIndicator();

    /// <summary>One walk over the document collecting definitions and references with their JSON pointers.</summary>
    private sealed class Walk
    {
        public List<(string Id, string Path)> ProductDefinitions { get; } = [];
        public Dictionary<string, string> FirstProductDefinition { get; } = new(StringComparer.Ordinal);
        public List<(string Id, string Path)> ProductReferences { get; } = [];
        public List<(string Id, string Path)> GroupDefinitions { get; } = [];
        public Dictionary<string, string> FirstGroupDefinition { get; } = new(StringComparer.Ordinal);
        public List<(string Id, string Path)> GroupReferences { get; } = [];
        public List<(string Name, string Path)> ProductVersionNames { get; } = [];
        public Dictionary<string, List<(string Target, string Path)>> RelationshipEdges { get; } = new(StringComparer.Ordinal);
        public List<(string Vulnerability, Dictionary<string, List<(string Id, string Path)>> Statuses)> Statuses { get; } = [];

        public void Visit(JsonElement element, List<string> path)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    path.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Visit(item, path);
                    path.RemoveAt(path.Count - 1);
                    i++;
                }

                return;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var parent = path.Count > 0 ? path[^1] : "";
            foreach (var property in element.EnumerateObject())
            {
                path.Add(property.Name);
                var value = property.Value;
                switch (property.Name)
                {
                    case "product_id" when value.ValueKind == JsonValueKind.String:
                        Define(ProductDefinitions, FirstProductDefinition, value.GetString()!, path);
                        break;
                    case "group_id" when value.ValueKind == JsonValueKind.String && InProductGroups(path):
                        Define(GroupDefinitions, FirstGroupDefinition, value.GetString()!, path);
                        break;
                    case "product_ids" or "products" when value.ValueKind == JsonValueKind.Array:
                        AddStrings(ProductReferences, value, path);
                        break;
                    case "group_ids" when value.ValueKind == JsonValueKind.Array:
                        AddStrings(GroupReferences, value, path);
                        break;
                    case "product_reference" or "relates_to_product_reference" when value.ValueKind == JsonValueKind.String:
                        ProductReferences.Add((value.GetString()!, Pointer(path)));
                        if (element.TryGetProperty("full_product_name", out var fpn) && fpn.ValueKind == JsonValueKind.Object &&
                            fpn.TryGetProperty("product_id", out var defined) && defined.ValueKind == JsonValueKind.String)
                        {
                            var from = defined.GetString()!;
                            if (!RelationshipEdges.TryGetValue(from, out var list))
                            {
                                RelationshipEdges[from] = list = [];
                            }

                            list.Add((value.GetString()!, Pointer(path)));
                        }

                        break;
                    case "product_status" when value.ValueKind == JsonValueKind.Object:
                        ReadStatuses(element, value, path);
                        break;
                    case "name" when value.ValueKind == JsonValueKind.String && parent != "full_product_name" &&
                                     element.TryGetProperty("category", out var category) && category.ValueKind == JsonValueKind.String &&
                                     category.ValueEquals("product_version") && element.TryGetProperty("product", out _):
                        ProductVersionNames.Add((value.GetString()!, Pointer(path)));
                        break;
                }

                if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && property.Name != "product_status")
                {
                    Visit(value, path);
                }

                path.RemoveAt(path.Count - 1);
            }
        }

        private void ReadStatuses(JsonElement vulnerability, JsonElement status, List<string> path)
        {
            var label = vulnerability.TryGetProperty("cve", out var cve) && cve.ValueKind == JsonValueKind.String
                ? cve.GetString()!
                : "vulnerability " + path[^2];
            var sets = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
            foreach (var set in status.EnumerateObject())
            {
                if (set.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                path.Add(set.Name);
                var list = new List<(string, string)>();
                AddStrings(list, set.Value, path);
                ProductReferences.AddRange(list);
                sets[set.Name] = list;
                path.RemoveAt(path.Count - 1);
            }

            Statuses.Add((label, sets));
        }

        private static bool InProductGroups(List<string> path) => path.Count >= 3 && path[^3] == "product_groups";

        private static void Define(List<(string, string)> all, Dictionary<string, string> first, string id, List<string> path)
        {
            var pointer = Pointer(path);
            all.Add((id, pointer));
            first.TryAdd(id, pointer);
        }

        private static void AddStrings(List<(string, string)> into, JsonElement array, List<string> path)
        {
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    path.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    into.Add((item.GetString()!, Pointer(path)));
                    path.RemoveAt(path.Count - 1);
                }

                i++;
            }
        }

        /// <summary>An RFC 6901 JSON pointer.</summary>
        private static string Pointer(List<string> path)
        {
            var builder = new StringBuilder();
            foreach (var segment in path)
            {
                builder.Append('/').Append(segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
            }

            return builder.ToString();
        }
    }
}
