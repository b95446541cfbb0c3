using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Vendors;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>
/// The words of a product or device model name, split into distinctive name words (IntelliVue, Alaris), model
/// identifiers (8015, MX450, 630G) and model patterns the advisory writes (<c>MX400-MX850</c>, <c>6x0</c>,
/// <c>600 series</c>). Generic words (pump, system, software, monitor) and vendor words are left out.
/// </summary>
internal sealed partial class ProductTerms
{
    private static readonly FrozenSet<string> GenericWords = FrozenSet.ToFrozenSet(
    [
        "the", "a", "an", "and", "or", "with", "for", "of", "in", "on", "by", "to", "from", "model", "models", "series",
        "version", "versions", "all", "certain", "product", "products", "family", "families", "system", "systems",
        "software", "device", "devices", "unit", "units", "pump", "pumps", "infusion", "syringe", "insulin", "wireless",
        "medical", "patient", "monitor", "monitors", "monitoring", "solution", "solutions", "application", "applications",
        "app", "apps", "based", "including", "integrated", "into", "use", "used", "using", "firmware", "hardware", "new",
        "vital", "signs", "healthcare", "health", "mobile", "web", "server", "client", "station", "workstation",
        "bedside", "portable", "digital", "smart", "inc", "ltd", "co", "corp", "llc", "gmbh", "ag", "plc", "edition",
        "build", "builds", "kit", "kits", "module", "modules", "cpu", "android", "ios", "windows",
        // Kinds of device: they say what a product is, not which one (Ellipse VR ICD is an Ellipse).
        "icd", "icds", "crt", "crtd", "pacemaker", "pacemakers", "defibrillator", "defibrillators", "ventilator",
        "ventilators", "ecg", "ekg", "programmer", "programmers", "analyzer", "analyzers", "analyser", "analysers", "iot",
        "dialysis", "hemodialysis", "haemodialysis", "delivery", "mr",
    ], StringComparer.Ordinal);

    /// <summary>Words written two ways for one thing (MR and MRI for the modality).</summary>
    private static readonly FrozenDictionary<string, string> Synonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["mri"] = "mr",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> ConnectiveWords = FrozenSet.ToFrozenSet(
        ["the", "a", "an", "and", "or", "with", "for", "of", "in", "on", "by", "to", "from"], StringComparer.Ordinal);

    private ProductTerms(IReadOnlySet<string> names, IReadOnlySet<string> models, IReadOnlySet<string> all, string compact, IReadOnlyList<Regex> patterns, IReadOnlyList<string> rawModels)
    {
        RawModels = rawModels;
        DigitModels = [.. models.Where(m => m.Any(char.IsAsciiDigit))];
        Names = names;
        Models = models;
        All = all;
        Compact = compact;
        Patterns = patterns;
    }

    /// <summary>Distinctive words (letters only), vendor and generic words removed.</summary>
    public IReadOnlySet<string> Names { get; }

    /// <summary>Tokens with a digit (model numbers) plus the joins of adjacent tokens (MX 40 → mx40).</summary>
    public IReadOnlySet<string> Models { get; }

    /// <summary>The first distinctive word as written: the product line (Vereos, Gemini, Alaris).</summary>
    public string? FirstName { get; private init; }

    /// <summary>A one-letter variant closing the name after a distinctive word ("Capsula X", "Vivid I"), else null.</summary>
    public string? TrailingLetter { get; private init; }

    /// <summary>Model identifiers that hold a digit (joins included).</summary>
    public IReadOnlyList<string> DigitModels { get; }

    /// <summary>Model tokens as written (no joins).</summary>
    public IReadOnlyList<string> RawModels { get; }

    /// <summary>Every token, generic words included (for coverage checks).</summary>
    public IReadOnlySet<string> All { get; }

    /// <summary>All letters and digits run together, for spacing variants (Space Station = SpaceStation).</summary>
    public string Compact { get; }

    /// <summary>Model ranges and wildcards the text writes (MP20-MP90, 6x0, 600 series).</summary>
    public IReadOnlyList<Regex> Patterns { get; }

    public bool IsEmpty => Names.Count == 0 && Models.Count == 0 && Patterns.Count == 0;

    /// <summary>
    /// Words the text writes in capitals, three to six letters long (CVSM, AGW, ISCV): how people type a product's
    /// initials, as opposed to a brand word (Vue, Care) that happens to be short.
    /// </summary>
    public IReadOnlySet<string> Acronyms => _acronyms ??= AcronymsOf(Source, Names);

    private IReadOnlySet<string>? _acronyms;

    /// <summary>The text the terms were read from (for the acronyms, computed on first use; a race computes the same set twice).</summary>
    private string Source { get; init; } = "";

    private static IReadOnlySet<string> AcronymsOf(string text, IReadOnlySet<string> names)
    {
        HashSet<string>? found = null;
        foreach (Match m in CapitalsWord().Matches(text))
        {
            var word = m.Value.ToLowerInvariant();
            if (names.Contains(word))
            {
                (found ??= new HashSet<string>(StringComparer.Ordinal)).Add(word);
            }
        }

        return found ?? (IReadOnlySet<string>)EmptySet;
    }

    /// <summary>
    /// The initials of runs of consecutive words of the name (Alaris Gateway Workstation → agw; Patient Information
    /// Center → pic; DoseWise Portal → dwp, a word written in two capitalised parts giving one initial or two). Only
    /// for advisory products (see <see cref="WithInitialsOf"/>).
    /// </summary>
    public IReadOnlySet<string> Initials { get; private init; } = EmptySet;

    private static readonly FrozenSet<string> EmptySet = FrozenSet<string>.Empty;

    /// <summary>Tokens a device index is keyed on.</summary>
    public IEnumerable<string> IndexKeys => Initials.Count == 0 ? Names.Concat(Models) : Names.Concat(Models).Concat(Initials);

    /// <summary>These terms with the initials of <paramref name="text"/> (the product name as written, capitals kept).</summary>
    public ProductTerms WithInitialsOf(string text) =>
        new(Names, Models, All, Compact, Patterns, RawModels) { FirstName = FirstName, TrailingLetter = TrailingLetter, Source = Source, Initials = InitialsOf(text) };

    /// <summary>Initials of every run of 3 to 6 consecutive words (joining words left out), lower case.</summary>
    internal static HashSet<string> InitialsOf(string text)
    {
        var words = new List<string[]>();
        foreach (Match word in LetterWord().Matches(text))
        {
            var w = word.Value;
            if (ConnectiveWords.Contains(w.ToLowerInvariant()))
            {
                continue;
            }

            // IntelliVue gives "i" or "iv"; iX gives "i" or "ix"
            var humps = new string([.. w.Where((c, i) => i == 0 || (char.IsUpper(c) && !char.IsUpper(w[i - 1])))]).ToLowerInvariant();
            words.Add(humps.Length > 1 ? [humps[..1], humps] : [humps]);
        }

        var result = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; start < words.Count; start++)
        {
            var current = new List<string> { "" };
            for (var end = start; end < words.Count && end < start + 6; end++)
            {
                current = [.. current.SelectMany(prefix => words[end].Select(option => prefix + option)).Where(c => c.Length <= 6).Distinct()];
                result.UnionWith(current.Where(c => c.Length >= 3));
            }
        }

        return result;
    }

    public static ProductTerms From(string text, IReadOnlySet<string> vendorWords)
    {
        var folded = FieldStrength().Replace(TextNormaliser.Fold(text), "${n}t"); // 3.0T = 3T
        if (OperatingSystem().Replace(folded, " ") is var withoutOs && Tokenise(withoutOs).Any(t => t.Length >= 2 && !GenericWords.Contains(t) && !vendorWords.Contains(t)))
        {
            folded = withoutOs; // "PET/CT Systems Windows XP-Based": the platform is a side condition, not the product
        }

        var patterns = new List<Regex>();
        foreach (Match m in ModelRange().Matches(folded))
        {
            var prefix = m.Groups["p"].Value;
            var from = long.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture);
            var to = long.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture);
            if (to > from && to - from < 100_000 && (m.Groups["q"].Value.Length == 0 || m.Groups["q"].Value == prefix))
            {
                patterns.Add(RangePattern(prefix, from, to));
            }
        }

        foreach (Match m in Series().Matches(folded))
        {
            var digits = m.Groups["n"].Value.TrimEnd('0');
            var width = m.Groups["n"].Value.Length;
            patterns.Add(new Regex($"^{Regex.Escape(digits)}\\d{{{width - digits.Length}}}[a-z]*$", RegexOptions.CultureInvariant));
        }

        foreach (Match m in LetterSeries().Matches(folded))
        {
            patterns.Add(new Regex($"^{Regex.Escape(m.Groups["p"].Value)}\\d+[a-z]*$", RegexOptions.CultureInvariant));
        }

        // A one-letter prefix joined by a hyphen is part of the name: X-Scribe and R-Scribe are two products, not "Scribe".
        List<string> prefixed = [];
        if (folded.Contains('-', StringComparison.Ordinal))
        {
            prefixed = [.. LetterPrefixedWord().Matches(folded).Select(m => m.Groups["w"].Value)];
            if (prefixed.Count > 0)
            {
                folded = LetterPrefixedWord().Replace(folded, "${p}${w}");
            }
        }

        var tokens = Tokenise(folded);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var models = new HashSet<string>(StringComparer.Ordinal);
        var all = new HashSet<string>(StringComparer.Ordinal);
        string? firstName = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i] = Synonyms.GetValueOrDefault(tokens[i], tokens[i]);
            all.Add(token);
            if (token.Any(char.IsAsciiDigit))
            {
                if (token.Contains('x', StringComparison.Ordinal) && WildcardModel().IsMatch(token))
                {
                    patterns.Add(new Regex("^" + token.Replace("x", "\\d", StringComparison.Ordinal) + "[a-z]*$", RegexOptions.CultureInvariant));
                }

                models.Add(token);
            }
            else if (token.Length >= 2 && !GenericWords.Contains(token) && !vendorWords.Contains(token))
            {
                firstName ??= token;
                names.Add(token);
            }

            if (i + 1 < tokens.Count && (token.Any(char.IsAsciiDigit) || tokens[i + 1].Any(char.IsAsciiDigit)) && token.Length <= 4)
            {
                var joined = token + tokens[i + 1];
                models.Add(joined);
                all.Add(joined);
            }
        }

        if (names.Count == 0 && models.Count == 0)
        {
            // The product is named after the vendor ("OpenClinic GA", "Orthanc Server"): keep the vendor words.
            names.UnionWith(tokens.Where(t => t.Length >= 2 && !t.Any(char.IsAsciiDigit) && !GenericWords.Contains(t)));
        }

        all.UnionWith(prefixed); // "Scribe" alone still occurs in "X-Scribe" for coverage checks
        var compact = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                compact.Append(c);
            }
        }

        return new ProductTerms(names, models, all, compact.ToString(), patterns, [.. tokens.Where(t => t.Any(char.IsAsciiDigit)).Distinct(StringComparer.Ordinal)])
        {
            FirstName = firstName,
            TrailingLetter = tokens.Count >= 2 && tokens[^1].Length == 1 && char.IsAsciiLetter(tokens[^1][0]) && names.Contains(tokens[^2]) ? tokens[^1] : null,
            Source = text,
        };
    }

    /// <summary>The lower-case words of a text, for mention checks (no model joins, no patterns).</summary>
    public static HashSet<string> Words(string text) => [.. Tokenise(TextNormaliser.Fold(text))];

    /// <summary>True for joining words (and, with, for, the) that say nothing about a product.</summary>
    public static bool IsConnective(string word) => word.Length <= 1 || ConnectiveWords.Contains(word);

    /// <summary>Lower-case words of a vendor string, for leaving vendor names out of product names.</summary>
    public static HashSet<string> VendorWords(IEnumerable<string> vendorNames)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in vendorNames)
        {
            foreach (var token in Tokenise(TextNormaliser.Fold(name)))
            {
                if (!token.Any(char.IsAsciiDigit))
                {
                    words.Add(token);
                }
            }
        }

        return words;
    }

    /// <summary>True when <paramref name="token"/> of one side occurs on this side (exactly, as a join, or in the run-together text).</summary>
    public bool Covers(string token) =>
        All.Contains(token) || Models.Contains(token) || (token.Length >= 3 && !token.Any(char.IsAsciiDigit) && Compact.Contains(token, StringComparison.Ordinal));

    /// <summary>True when a model identifier of the other side is one of ours or fits one of our patterns.</summary>
    public bool MatchesModel(string model) => Models.Contains(model) || Patterns.Any(p => p.IsMatch(model));

    private static List<string> Tokenise(string folded)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    private static Regex RangePattern(string prefix, long from, long to)
    {
        var values = new List<string>();
        for (var n = from; n <= to && values.Count < 2000; n++)
        {
            values.Add(n.ToString(CultureInfo.InvariantCulture));
        }

        return new Regex($"^{Regex.Escape(prefix)}({string.Join('|', values)})[a-z]*$", RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"(?<![a-z0-9-])(?<p>[a-z])-(?<w>[a-z]{3,})\b", RegexOptions.CultureInvariant)]
    private static partial Regex LetterPrefixedWord();

    [GeneratedRegex(@"\b[A-Z]{3,6}\b", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalsWord();

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z]*\b", RegexOptions.CultureInvariant)]
    private static partial Regex LetterWord();

    [GeneratedRegex(@"\b(?<n>\d+)\.0\s*t\b(?!-)", RegexOptions.CultureInvariant)]
    private static partial Regex FieldStrength();

    [GeneratedRegex(@"\b(microsoft\s+)?windows\s+(xp|vista|nt|me|ce|embedded|7|8|8\.1|10|11|20\d\d|server\s+20\d\d(\s+r2)?)(\s*-?\s*based)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex OperatingSystem();

    [GeneratedRegex(@"\b(?<p>[a-z]{1,4})(?<a>\d{1,6})\s*(?:-|to|through)\s*(?<q>[a-z]{0,4})(?<b>\d{1,6})\b", RegexOptions.CultureInvariant)]
    private static partial Regex ModelRange();

    [GeneratedRegex(@"\b(?<p>[a-z]{2,4})\s+series\b", RegexOptions.CultureInvariant)]
    private static partial Regex LetterSeries();

    [GeneratedRegex(@"\b(?<n>[1-9]0{1,3})\s*(?:-\s*)?series\b", RegexOptions.CultureInvariant)]
    private static partial Regex Series();

    [GeneratedRegex(@"^[a-z]{0,3}\d+x[\dx]*$|^x\d{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex WildcardModel();
}
