using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Vendors;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>
/// Writes the <see cref="DeviceMatch"/>: confidence (vendor × product × version), the rule texts, the evidence items
/// (kind + the advisory's words) and one plain sentence for a clinician.
/// </summary>
internal static class MatchExplainer
{
    /// <summary>Confidence of a document-text match before the vendor factor: the device is named, not a product leaf.</summary>
    internal const double TextConfidence = 0.35;

    public static DeviceMatch FromLeaves(Advisory advisory, Device device, LeafHit hit, LeafVerdict verdict, IReadOnlyList<Leaf> flaggedLeaves)
    {
        var status = verdict.Status;
        var vendorConfidence = VendorConfidence(hit.Umbrella, hit.AdvisoryVendor);
        var productConfidence = hit.ProductTier switch { 5 => 1.0, 4 => 0.95, 3 => 0.9, 2 => 0.75, _ => 0.7 };
        var confidence = Math.Round(vendorConfidence * productConfidence * verdict.Confidence, 2);
        var remediations = flaggedLeaves.SelectMany(l => l.Remediations).Distinct().ToList();
        var vendorRule = VendorRule(hit.Leaf.Product.Vendor, device, hit.AdvisoryVendor, hit.DeviceVendor, hit.Umbrella);
        var leaf = hit.Leaf;

        var evidence = new List<EvidenceItem>
        {
            new("vendor", vendorRule),
            new("product", $"{hit.ProductRule} (advisory product '{leaf.Product.FullName}')"),
            new("version", verdict.Reason),
            new("status", leaf.Status.Reason),
        };
        if (leaf.Origin is { } origin)
        {
            evidence.Add(new("relationship", origin));
        }

        evidence.AddRange(leaf.Product.Qualifiers.Select(q => new EvidenceItem("qualifier", q)));
        evidence.AddRange(leaf.Status.Threats.Select(t => new EvidenceItem("threat", t)));
        var summary = status switch
        {
            MatchStatus.Affected => $"{Name(device)} is affected by {advisory.Id}: the advisory names '{leaf.Product.FullName}' and {verdict.Reason}.",
            MatchStatus.PossiblyAffected => $"{Name(device)} may be affected by {advisory.Id} and needs review: {verdict.Reason}.",
            _ => $"{Name(device)} is not affected by {advisory.Id}: {verdict.Reason}.",
        };

        return new DeviceMatch(advisory.Id, device.Id, status, confidence, new MatchExplanation
        {
            VendorRule = vendorRule,
            VendorAlias = hit.AdvisoryVendor.MatchedAlias,
            ProductRule = hit.ProductRule,
            VersionRule = verdict.Reason,
            ProductIds = [.. flaggedLeaves.Select(l => l.Product.ProductId).Distinct(StringComparer.Ordinal)],
            MatchedRanges = [.. flaggedLeaves.Select(l => l.VersionExpression ?? "*").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Remediations = remediations,
            Evidence = evidence,
            Summary = summary,
        });
    }

    /// <summary>A device of the advisory's vendor named only in the document's text: possibly affected, low confidence.</summary>
    public static DeviceMatch FromText(Advisory advisory, Device device, (ResolvedVendor Advisory, ResolvedVendor Device, bool Umbrella) link, DocumentPassage passage, string? outside)
    {
        var vendorRule = VendorRule(link.Advisory.Name, device, link.Advisory, link.Device, link.Umbrella);
        var where = passage.Kind switch
        {
            "title" => "title",
            "product_tree" => "product tree",
            "remediation" => "remediation text",
            _ => "notes",
        };
        var productRule = $"every distinctive word of model '{device.Model}' occurs in the advisory's {where}, but no product entry names it";
        var versionRule = outside is not null ? outside
            : string.IsNullOrWhiteSpace(device.Version)
            ? "device version unknown, and the advisory gives no version for this model: review"
            : $"device version {device.Version.Trim()} could not be checked: the advisory names this model only in its text; review";
        var confidence = Math.Round(VendorConfidence(link.Umbrella, link.Advisory) * TextConfidence, 2);
        var status = outside is null ? MatchStatus.PossiblyAffected : MatchStatus.NotAffected;
        return new DeviceMatch(advisory.Id, device.Id, status, confidence, new MatchExplanation
        {
            VendorRule = vendorRule,
            VendorAlias = link.Advisory.MatchedAlias,
            ProductRule = productRule,
            VersionRule = versionRule,
            MatchedRanges = ["text"],
            Evidence =
            [
                new("vendor", vendorRule),
                new("document_text", $"{where}: \"{passage.Text}\""),
                new("version", versionRule),
            ],
            Summary = outside is not null
                ? $"{Name(device)} is not affected by {advisory.Id}: {outside}."
                : $"{Name(device)} may be affected by {advisory.Id} and needs review: the advisory's {where} names this model (\"{Clip(passage.Text)}\") but lists no product entry for it.",
        });
    }

    /// <summary>A device of a product line the advisory covers as a whole, without listing this model: possibly affected.</summary>
    public static DeviceMatch FromLine(Advisory advisory, Device device, (ResolvedVendor Advisory, ResolvedVendor Device, bool Umbrella) link, Leaf leaf, string productRule, string versionRule, double lineConfidence)
    {
        var vendorRule = VendorRule(leaf.Product.Vendor, device, link.Advisory, link.Device, link.Umbrella);
        return new DeviceMatch(advisory.Id, device.Id, MatchStatus.PossiblyAffected, Math.Round(VendorConfidence(link.Umbrella, link.Advisory) * lineConfidence, 2), new MatchExplanation
        {
            VendorRule = vendorRule,
            VendorAlias = link.Advisory.MatchedAlias,
            ProductRule = productRule,
            VersionRule = versionRule,
            ProductIds = [leaf.Product.ProductId],
            MatchedRanges = ["line"],
            Remediations = [.. leaf.Remediations],
            Evidence =
            [
                new("vendor", vendorRule),
                new("product_line", productRule),
                new("version", versionRule),
                new("status", leaf.Status.Reason),
            ],
            Summary = $"{Name(device)} may be affected by {advisory.Id} and needs review: the advisory covers the '{leaf.Product.FullName.Trim()}' line as a whole without listing this model.",
        });
    }

    private static double VendorConfidence(bool umbrella, ResolvedVendor vendor) => umbrella ? 0.85 : vendor.InCatalogue ? 1.0 : 0.95;

    private static string VendorRule(string advisoryVendorText, Device device, ResolvedVendor advisoryVendor, ResolvedVendor deviceVendor, bool umbrella) =>
        umbrella
            ? $"advisory vendor '{advisoryVendorText.Trim()}' ({advisoryVendor.Name}) is the umbrella brand of, a business of, or by corporate history related to '{device.Manufacturer}' ({deviceVendor.Name})"
            : string.Equals(advisoryVendor.MatchedAlias, deviceVendor.MatchedAlias, StringComparison.OrdinalIgnoreCase)
                ? $"advisory vendor '{advisoryVendorText.Trim()}' is '{device.Manufacturer}' ({advisoryVendor.Name})"
                : $"advisory vendor '{advisoryVendorText.Trim()}' (alias '{advisoryVendor.MatchedAlias}') and '{device.Manufacturer}' (alias '{deviceVendor.MatchedAlias}') are both {advisoryVendor.Name}";

    private static string Name(Device device) => $"{device.Manufacturer.Trim()} {device.Model.Trim()}".Trim() + (string.IsNullOrWhiteSpace(device.Version) ? "" : $" {device.Version.Trim()}");

    private static string Clip(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
