using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdvisoryTracker.Domain.Vendors;

/// <summary>
/// The vendor catalogue: canonical vendors with aliases (spelling variants, acquisitions), kept as data in
/// <c>Vendors/vendors.json</c> (embedded), extendable with extra aliases from settings or the admin API.
/// Resolves a written vendor string (typos, trailing spaces, mojibake, umlauts, corporate suffixes, combined
/// strings such as "Hillrom and ELI, Baxter International Inc.") to one or more canonical vendors.
/// Immutable and thread-safe; <see cref="WithExtraAliases"/> returns a new catalogue.
/// </summary>
public sealed class VendorCatalogue
{
    private static readonly FrozenSet<string> CorporateSuffixes = FrozenSet.ToFrozenSet(
    [
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "nv", "bv", "ag",
        "gmbh", "sa", "sas", "se", "spa", "srl", "kg", "kgaa", "ab", "oy", "pty", "lp", "llp", "kk", "as", "asa", "the", "and",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Descriptors = FrozenSet.ToFrozenSet(
    [
        "medical", "healthcare", "health", "technologies", "technology", "systems", "international", "group", "solutions",
        "devices", "labs", "laboratories", "holdings", "industries", "electronics", "software", "development", "developments",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> DescriptorsAndSuffixes = Descriptors.Union(CorporateSuffixes).ToFrozenSet(StringComparer.Ordinal);

    private static readonly Lazy<VendorCatalogue> DefaultCatalogue = new(LoadDefault);

    private readonly FrozenDictionary<string, VendorEntry> byId;
    private readonly FrozenDictionary<string, (VendorEntry Entry, string Alias)> byKey;
    private readonly FrozenDictionary<string, FrozenSet<string>> childrenByParent;
    private readonly FrozenDictionary<string, FrozenSet<string>> relatedById;

    public VendorCatalogue(IEnumerable<VendorEntry> entries)
    {
        var list = entries.ToList();
        byId = list.ToFrozenDictionary(e => e.Id, StringComparer.Ordinal);
        var keys = new Dictionary<string, (VendorEntry, string)>(StringComparer.Ordinal);
        // Full keys (suffixes kept) first, so "CONTEC Co., Ltd." stays apart from "Contec"; then the stripped keys
        // where no other vendor claimed them.
        foreach (var pass in new[] { KeyKind.Full, KeyKind.Stripped })
        {
            foreach (var entry in list)
            {
                foreach (var alias in entry.Aliases.Prepend(entry.Name))
                {
                    foreach (var key in Keys(alias, pass))
                    {
                        keys.TryAdd(key, (entry, alias));
                    }
                }
            }
        }

        byKey = keys.ToFrozenDictionary(StringComparer.Ordinal);
        var related = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Relate(string a, string b)
        {
            if (!related.TryGetValue(a, out var set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                related[a] = set;
            }

            set.Add(b);
        }

        foreach (var entry in list)
        {
            if (entry.Parent is { } parent)
            {
                Relate(entry.Id, parent);
                Relate(parent, entry.Id);
            }

            foreach (var e in entry.History.Where(e => e.Event == "spun_off_from" && byId.ContainsKey(e.Name)))
            {
                Relate(entry.Id, e.Name);
                Relate(e.Name, entry.Id);
            }
        }

        relatedById = related.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
        childrenByParent = list.Where(e => e.Parent is not null)
            .GroupBy(e => e.Parent!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(e => e.Id).ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>The catalogue shipped with the product (embedded <c>vendors.json</c>).</summary>
    public static VendorCatalogue Default => DefaultCatalogue.Value;

    public IReadOnlyCollection<VendorEntry> Entries => byId.Values;

    /// <summary>Reads a catalogue document (<c>{"vendors":[{"id","name","aliases":[],"parent"?}]}</c>).</summary>
    public static VendorCatalogue FromJson(string json)
    {
        var document = JsonSerializer.Deserialize(json, VendorCatalogueJsonContext.Default.VendorCatalogueDocument)
            ?? throw new FormatException("vendor catalogue: empty document");
        var entries = new List<VendorEntry>();
        foreach (var v in document.Vendors ?? [])
        {
            if (string.IsNullOrWhiteSpace(v.Id) || string.IsNullOrWhiteSpace(v.Name))
            {
                throw new FormatException("vendor catalogue: every vendor needs an id and a name");
            }

            var history = new List<CorporateEvent>();
            foreach (var h in v.History ?? [])
            {
                if (h.Event is not ("acquired" or "renamed_from" or "brand" or "spun_off_from") || string.IsNullOrWhiteSpace(h.Name))
                {
                    throw new FormatException($"vendor catalogue: vendor '{v.Id}' has a history event that is not acquired, renamed_from, brand or spun_off_from with a name");
                }

                history.Add(new CorporateEvent(h.Event, h.Name.Trim(), h.Date, h.Note));
            }

            // Acquired companies, former names and brands are names this vendor is written under.
            var aliases = (v.Aliases ?? []).Where(a => !string.IsNullOrWhiteSpace(a))
                .Concat(history.Where(h => h.Event != "spun_off_from").Select(h => h.Name))
                .Distinct(StringComparer.OrdinalIgnoreCase);
            entries.Add(new VendorEntry(v.Id.Trim(), v.Name.Trim(), [.. aliases], v.Parent) { History = history, Provenance = v.Provenance });
        }

        var duplicate = entries.GroupBy(e => e.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is not null ? throw new FormatException($"vendor catalogue: duplicate id '{duplicate.Key}'") : new VendorCatalogue(entries);
    }

    /// <summary>A new catalogue with the aliases of the <c>Vendors:ExtraAliases</c> settings merged in; this one when there are none.</summary>
    public VendorCatalogue WithExtraAliases(VendorCatalogueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ExtraAliases.Count == 0
            ? this
            : WithExtraAliases(options.ExtraAliases.ToDictionary(kv => kv.Key.Trim(), kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal));
    }

    /// <summary>
    /// A new catalogue with extra aliases merged in (admin settings or API): key = canonical id (an existing one, or a
    /// new vendor whose name is the id), value = aliases. Existing aliases are kept.
    /// </summary>
    public VendorCatalogue WithExtraAliases(IReadOnlyDictionary<string, IReadOnlyList<string>> extraAliases)
    {
        var entries = byId.Values.ToDictionary(e => e.Id, StringComparer.Ordinal);
        foreach (var (id, aliases) in extraAliases)
        {
            var clean = aliases.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList();
            entries[id] = entries.TryGetValue(id, out var existing)
                ? existing with { Aliases = [.. existing.Aliases.Concat(clean).Distinct(StringComparer.OrdinalIgnoreCase)] }
                : new VendorEntry(id, id, clean);
        }

        return new VendorCatalogue(entries.Values);
    }

    /// <summary>
    /// Every canonical vendor a written vendor string names. A combined string ("Silex Technology and GE Healthcare")
    /// gives one per part; a vendor missing from the catalogue gets an ad-hoc id from its normalised name.
    /// </summary>
    public IReadOnlyList<ResolvedVendor> Resolve(string? written)
    {
        if (string.IsNullOrWhiteSpace(written))
        {
            return [];
        }

        if (Lookup(written) is { } whole)
        {
            return [whole];
        }

        var parts = SplitCombined(written);
        var resolved = new List<ResolvedVendor>();
        for (var i = 0; i < parts.Count; i++)
        {
            // Longest run of adjacent parts that the catalogue knows ("Becton, Dickinson and Company" split by commas).
            ResolvedVendor? hit = null;
            var end = i;
            for (var j = parts.Count - 1; j > i && hit is null; j--)
            {
                if (Lookup(string.Join(" ", parts.Skip(i).Take(j - i + 1))) is { } run)
                {
                    hit = run;
                    end = j;
                }
            }

            hit ??= Lookup(parts[i]) ?? AdHoc(parts[i]);
            if (hit is not null && !resolved.Exists(r => r.Id == hit.Id))
            {
                resolved.Add(hit);
            }

            i = end;
        }

        if (resolved.Count == 0 && AdHoc(written) is { } adHoc)
        {
            resolved.Add(adHoc);
        }

        return resolved;
    }

    /// <summary>The umbrella brand of a business unit (GE HealthCare → General Electric), if any.</summary>
    public string? ParentOf(string id) => byId.TryGetValue(id, out var e) ? e.Parent : null;

    /// <summary>The business units filed under an umbrella brand.</summary>
    public IReadOnlySet<string> ChildrenOf(string id) =>
        childrenByParent.TryGetValue(id, out var children) ? children : FrozenSet<string>.Empty;

    /// <summary>
    /// Vendors related to this one without being the same: its umbrella brand, its business units, and vendors it was
    /// spun off from or that were spun off from it (corporate history).
    /// </summary>
    public IReadOnlySet<string> RelatedTo(string id) =>
        relatedById.TryGetValue(id, out var set) ? set : FrozenSet<string>.Empty;

    /// <summary>True when two different canonical vendors are related (see <see cref="RelatedTo"/>).</summary>
    public bool AreRelated(string a, string b) => RelatedTo(a).Contains(b);

    /// <summary>Alias words of a vendor (for removing the vendor name from product text).</summary>
    public IEnumerable<string> NamesOf(string id) =>
        byId.TryGetValue(id, out var e) ? e.Aliases.Prepend(e.Name) : [];

    private ResolvedVendor? Lookup(string written)
    {
        foreach (var kind in new[] { KeyKind.Full, KeyKind.Stripped, KeyKind.Descriptor })
        {
            foreach (var key in Keys(written, kind))
            {
                if (byKey.TryGetValue(key, out var hit))
                {
                    return new ResolvedVendor(hit.Entry.Id, hit.Entry.Name, hit.Alias, InCatalogue: true);
                }
            }
        }

        return null;
    }

    private static ResolvedVendor? AdHoc(string written)
    {
        var key = Keys(written, KeyKind.Descriptor).FirstOrDefault() ?? Keys(written, KeyKind.Stripped).FirstOrDefault();
        return key is null ? null : new ResolvedVendor("~" + key, written.Trim(), written.Trim(), InCatalogue: false);
    }

    private static List<string> SplitCombined(string written)
    {
        var text = TextNormaliser.RepairMojibake(written);
        text = RemoveParentheses(text);
        var parts = text.Split([",", ";", "/", "&", " and ", " AND ", " And "], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return [.. parts.Where(p => Keys(p, KeyKind.Stripped).Any())];
    }

    private enum KeyKind
    {
        Full,
        Stripped,
        Descriptor,
    }

    /// <summary>Normalised keys of a name: plain diacritic folding and German transliteration (Dräger → drager, draeger).</summary>
    private static IEnumerable<string> Keys(string name, KeyKind kind)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var german in new[] { true, false })
        {
            var words = Words(name, german);
            if (kind != KeyKind.Full)
            {
                words = StripEdges(words, CorporateSuffixes);
            }

            if (kind == KeyKind.Descriptor)
            {
                words = StripEdges(words, DescriptorsAndSuffixes);
            }

            var key = string.Concat(words);
            if (key.Length >= 2 && seen.Add(key))
            {
                yield return key;
            }
        }
    }

    private static List<string> StripEdges(List<string> words, IReadOnlySet<string> drop)
    {
        var result = new List<string>(words);
        if (result.Count > 1 && result[0] == "the")
        {
            result.RemoveAt(0);
        }

        while (result.Count > 1 && drop.Contains(result[^1]))
        {
            result.RemoveAt(result.Count - 1);
        }

        return result.Count == 1 && CorporateSuffixes.Contains(result[0]) ? [] : result;
    }

    private static List<string> Words(string name, bool german)
    {
        var folded = TextNormaliser.Fold(RemoveParentheses(name), german).Replace("&", " and ", StringComparison.Ordinal);
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (c is '.' or '\'' or '-')
            {
                // "N.V." → nv, "Hill-Rom" → hillrom, "B. Braun" → b braun (the space still splits)
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static string RemoveParentheses(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = open < 0 ? -1 : text.IndexOf(')', open);
        return open >= 0 && close > open ? RemoveParentheses(text.Remove(open, close - open + 1)) : text;
    }

    private static VendorCatalogue LoadDefault()
    {
        using var stream = typeof(VendorCatalogue).Assembly.GetManifestResourceStream("AdvisoryTracker.Domain.Vendors.vendors.json")
            ?? throw new InvalidOperationException("embedded vendors.json is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return FromJson(reader.ReadToEnd());
    }
}

internal sealed class VendorCatalogueDocument
{
    public List<VendorJson>? Vendors { get; set; }
}

internal sealed class VendorJson
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public List<string>? Aliases { get; set; }
    public string? Parent { get; set; }
    public string? Provenance { get; set; }
    public List<CorporateEventJson>? History { get; set; }
}

internal sealed class CorporateEventJson
{
    public string? Event { get; set; }
    public string? Name { get; set; }
    public string? Date { get; set; }
    public string? Note { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(VendorCatalogueDocument))]
internal sealed partial class VendorCatalogueJsonContext : JsonSerializerContext;
