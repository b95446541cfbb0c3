using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Versions;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>One passage of the advisory (title, a branch name, a note, a remediation sentence) and its words.</summary>
internal sealed record DocumentPassage(string Kind, string Text, HashSet<string> Words)
{
    /// <summary>For a product-tree passage: the version expressions of the products written with this name.</summary>
    public List<VersionRange> Ranges { get; } = [];
}

/// <summary>
/// Evidence from the whole document, for devices of the advisory's vendor that no product leaf matched: when every
/// distinctive word and model identifier of the device occurs together in one passage (title, branches at every level,
/// notes, remediation text), the device is possibly affected with low confidence and the passage is quoted. A model
/// named only as the thing to upgrade or migrate to ("replace with X", "upgrade to X") is not evidence. Built once per
/// advisory; a device costs the passages that hold its rarest word.
/// </summary>
internal sealed partial class DocumentEvidence
{
    private readonly List<DocumentPassage> passages = [];
    private readonly Dictionary<string, List<int>> byWord = new(StringComparer.Ordinal);

    private DocumentEvidence()
    {
    }

    public static DocumentEvidence From(Advisory advisory)
    {
        var evidence = new DocumentEvidence();
        var seen = new Dictionary<string, DocumentPassage>(StringComparer.Ordinal);
        void Add(string kind, string? text, string? versionExpression = null)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            if (seen.TryGetValue(text, out var existing))
            {
                if (kind == "product_tree" && existing.Kind == "product_tree")
                {
                    existing.Ranges.Add(VersionRange.Parse(versionExpression));
                }

                return;
            }

            var words = ProductTerms.Words(text);
            if (words.Count == 0)
            {
                return;
            }

            var index = evidence.passages.Count;
            var passage = new DocumentPassage(kind, text.Trim(), words);
            if (kind == "product_tree")
            {
                passage.Ranges.Add(VersionRange.Parse(versionExpression));
            }

            seen[text] = passage;
            evidence.passages.Add(passage);
            foreach (var w in words)
            {
                if (!evidence.byWord.TryGetValue(w, out var list))
                {
                    list = [];
                    evidence.byWord[w] = list;
                }

                list.Add(index);
            }
        }

        Add("title", advisory.Title);
        foreach (var product in advisory.Products)
        {
            Add("product_tree", string.Join(" ", product.Families.Append(product.ProductName)), product.VersionExpression);
            Add("product_tree", product.FullName, product.VersionExpression);
        }

        foreach (var note in advisory.NoteTexts)
        {
            foreach (var sentence in Sentences(note))
            {
                Add("note", sentence);
            }
        }

        foreach (var vulnerability in advisory.Vulnerabilities)
        {
            Add("note", vulnerability.Title);
            foreach (var sentence in vulnerability.NoteTexts.Prepend(vulnerability.Summary ?? "").SelectMany(Sentences))
            {
                Add("note", sentence);
            }

            // A remediation sentence names an affected product when it pairs it with a version, firmware or patch; other
            // products named there are context (a docking station that blocks the attack, a replacement model).
            foreach (var sentence in vulnerability.Remediations.Select(r => r.Details).Distinct(StringComparer.Ordinal)
                .SelectMany(d => SentenceEnd().Split(d)).Where(s => VersionMention().IsMatch(s)).SelectMany(Sentences))
            {
                Add("remediation", sentence);
            }
        }

        return evidence;
    }

    /// <summary>The passage that names every distinctive word and model of the device, or null.</summary>
    public DocumentPassage? Find(ProductTerms device)
    {
        var models = device.DigitModels.Where(m => m.Length >= 3).ToList();
        var required = device.Names.Concat(models).Distinct(StringComparer.Ordinal).ToList();
        // A device named by one brand word alone is too weak to flag on text (Connex ≠ every Connex product), unless
        // the word is an acronym typed in capitals that the advisory writes in capitals too (ISCV, "the ISCV application").
        var acronym = models.Count == 0 && device.Names.Count == 1 && device.Acronyms.Count == 1 ? device.Acronyms.First().ToUpperInvariant() : null;
        if (required.Count == 0 || (models.Count == 0 && device.Names.Count < 2 && acronym is null))
        {
            return null;
        }

        List<int>? rarest = null;
        foreach (var word in required)
        {
            if (!byWord.TryGetValue(word, out var list))
            {
                return null;
            }

            if (rarest is null || list.Count < rarest.Count)
            {
                rarest = list;
            }
        }

        foreach (var i in rarest!)
        {
            var passage = passages[i];
            if (required.All(passage.Words.Contains) && (acronym is null || WrittenInCapitals(passage.Text, acronym)))
            {
                return passage;
            }
        }

        return null;
    }

    private static bool WrittenInCapitals(string text, string acronym)
    {
        for (var at = text.IndexOf(acronym, StringComparison.Ordinal); at >= 0; at = text.IndexOf(acronym, at + 1, StringComparison.Ordinal))
        {
            var end = at + acronym.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Sentences of a text, each cut before an upgrade or replacement target ("upgrade to", "replace with"); a sentence
    /// that says what is not affected ("X is not impacted", "X does not use the vulnerable component") is no evidence.
    /// </summary>
    internal static IEnumerable<string> Sentences(string text)
    {
        foreach (var sentence in SentenceEnd().Split(text))
        {
            if (NotAffectedStatement().IsMatch(sentence))
            {
                continue;
            }

            var cut = UpgradeTarget().Match(sentence);
            var kept = (cut.Success ? sentence[..cut.Index] : sentence).Trim();
            if (kept.Length > 0)
            {
                yield return kept.Length <= 400 ? kept : kept[..400] + "…";
            }
        }
    }

    [GeneratedRegex(@"\d+\.\d+|\b(versions?|firmware|patch(es)?|releases?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionMention();

    /// <summary>
    /// "is not affected", "are not known to be vulnerable", "unaffected", "does not use the vulnerable component" — but not
    /// "devices not updated are affected" nor the advice "do not use the device on open networks".
    /// </summary>
    [GeneratedRegex(@"\b(is|are|was|were|be|been|remains?)\s+not\s+(\w+\s+){0,3}?(affected|impacted|vulnerable|susceptible|exposed)\b|\bnot\s+(affected|impacted|vulnerable|susceptible)\b|\bun(affected|impacted)\b|\b(does|did)\s+not\s+(affect|impact|use|contain|include|implement)\b|\bdo\s+not\s+(affect|impact)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotAffectedStatement();

    [GeneratedRegex(@"(?<=[.!?;])\s+|\n+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\b(upgrad\w*|updat\w*|migrat\w*|mov\w*|transition\w*|switch\w*|chang\w*)\s+(\w+\s+){0,3}?to\b|\breplac\w*\s+(\w+\s+){0,4}?(with|by)\b|\bsuccessor\b|\bnewer\s+model|\binstead\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UpgradeTarget();
}
