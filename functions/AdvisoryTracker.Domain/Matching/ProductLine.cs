using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Vendors;
using AdvisoryTracker.Domain.Versions;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>
/// Product-line evidence, for a device of the advisory's vendor that no product entry and no passage names: when the
/// advisory says a product entry covers a whole line ("Evera ICD: (all models)", "Ellipse family", "NEXUS Series"),
/// a device whose name opens with that line's word ("Evera MRI XT DR", "Ellipse VR") is one of its models:
/// possibly affected, low confidence, the entry quoted. A line the advisory does not call whole is not enough: a model
/// the advisory leaves out of an enumeration ("Alaris PC Unit", "Alaris GH", ...) is left out on purpose.
/// </summary>
internal static partial class ProductLine
{
    /// <summary>Confidence before the vendor factor: the device is one of a line the advisory names, not a listed product.</summary>
    internal const double LineConfidence = 0.3;

    /// <summary>
    /// The affected leaves that say they cover a whole line, by line word: "all models" in the entry's name, or the line
    /// word followed by family or series ("Pyxis Med Link Family" is the Med Link family, not every Pyxis product).
    /// </summary>
    public static Dictionary<string, List<Leaf>> ByFirstName(IReadOnlyList<Leaf> leaves)
    {
        var byLine = new Dictionary<string, List<Leaf>>(StringComparer.Ordinal);
        foreach (var leaf in leaves)
        {
            if (leaf.Terms.FirstName is { Length: >= 4 } line && leaf.Status.IsAffected && leaf.Terms.DigitModels.Count == 0
                && (AllModels().IsMatch(leaf.Product.FullName) || NamesLineAsWhole(leaf.Product.ProductName, line)))
            {
                if (!byLine.TryGetValue(line, out var list))
                {
                    list = [];
                    byLine[line] = list;
                }

                list.Add(leaf);
            }
        }

        return byLine;
    }

    /// <summary>"Ellipse family", "NEXUS Series": the line word itself is what the family or series word qualifies.</summary>
    private static bool NamesLineAsWhole(string productName, string line)
    {
        var words = TextNormaliser.Fold(productName).Split([' ', '-', '/', ',', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < words.Length; i++)
        {
            if (words[i] == line && words[i + 1] is "family" or "series" or "line" or "portfolio")
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\ball\s+(\w+\s+){0,2}models\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AllModels();

    public static List<Leaf>? Find(Dictionary<string, List<Leaf>> lines, PreparedDevice device) =>
        device.Terms.FirstName is { } first && lines.TryGetValue(first, out var family) ? family : null;

    /// <summary>Possibly affected, unless the device's known version is outside every version the line's entries give.</summary>
    public static DeviceMatch? Verdict(Advisory advisory, Device device, (ResolvedVendor Advisory, ResolvedVendor Device, bool Umbrella) link, List<Leaf> family)
    {
        var leaf = family[0];
        var verdicts = family.Select(l => l.Range.Evaluate(device.Version)).ToList();
        if (!string.IsNullOrWhiteSpace(device.Version) && verdicts.All(v => v.Outcome == VersionOutcome.OutOfRange))
        {
            return null;
        }

        var line = leaf.Terms.FirstName!;
        var productRule = $"model '{device.Model.Trim()}' opens with '{Word(device.Model, line)}', a product line the advisory covers as a whole ('{leaf.Product.FullName.Trim()}'), but no product entry names this model";
        var versionRule = string.IsNullOrWhiteSpace(device.Version)
            ? $"device version unknown; the line's versions are '{leaf.VersionExpression ?? "*"}': review"
            : verdicts.FirstOrDefault(v => v.Outcome == VersionOutcome.InRange) is { } inside
                ? $"{inside.Reason}: review"
                : $"device version {device.Version.Trim()} could not be checked against '{leaf.VersionExpression ?? "*"}': review";
        return MatchExplainer.FromLine(advisory, device, link, leaf, productRule, versionRule, LineConfidence);
    }

    /// <summary>The line word as the device writes it.</summary>
    private static string Word(string model, string folded) =>
        model.Split([' ', '-', '/'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => TextNormaliser.Fold(w).StartsWith(folded, StringComparison.Ordinal)) ?? folded;
}
