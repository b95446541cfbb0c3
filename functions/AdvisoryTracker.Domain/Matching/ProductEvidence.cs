using AdvisoryTracker.Domain.Vendors;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>A leaf that matched a device on vendor and product, with the product rule and its strength (tier).</summary>
internal sealed record LeafHit(Leaf Leaf, ResolvedVendor AdvisoryVendor, ResolvedVendor DeviceVendor, bool Umbrella, int ProductTier, string ProductRule, bool ModelInVersionField);

/// <summary>
/// Product evidence: whether a leaf names the device's vendor (canonical vendor, umbrella brand or business unit,
/// corporate history) and product (model identifiers, distinctive words, model patterns), and how strongly.
/// </summary>
internal static class ProductEvidence
{
    public static LeafHit? TryMatch(Leaf leaf, PreparedDevice device, VendorCatalogue catalogue)
    {
        if (VendorLink(leaf.Vendors, device.Vendors, catalogue) is not { } link)
        {
            return null;
        }

        var (tier, rule, modelInVersion) = MatchProduct(device, leaf.Terms, leaf.VersionTerms, leaf.VersionFieldModels, leaf.Product.ProductName);
        return tier == 0 ? null : new LeafHit(leaf, link.Advisory, link.Device, link.Umbrella, tier, rule, modelInVersion);
    }

    /// <summary>The best link between an advisory vendor and the device's: the same canonical vendor, else a related one.</summary>
    public static (ResolvedVendor Advisory, ResolvedVendor Device, bool Umbrella)? VendorLink(
        IReadOnlyList<ResolvedVendor> advisoryVendors, IReadOnlyList<ResolvedVendor> deviceVendors, VendorCatalogue catalogue)
    {
        ResolvedVendor? advisoryVendor = null;
        ResolvedVendor? deviceVendor = null;
        var umbrella = true;
        foreach (var dv in deviceVendors)
        {
            foreach (var av in advisoryVendors)
            {
                var exact = dv.Id == av.Id;
                if ((exact || catalogue.AreRelated(dv.Id, av.Id)) && (advisoryVendor is null || (exact && umbrella)))
                {
                    advisoryVendor = av;
                    deviceVendor = dv;
                    umbrella = !exact;
                }
            }
        }

        return advisoryVendor is null || deviceVendor is null ? null : (advisoryVendor, deviceVendor, umbrella);
    }

    /// <summary>
    /// Product rule. A shared model identifier (8015, MX450 in MX400-MX850, 630G in 600 series) matches when the
    /// names do not contradict; different model identifiers on both sides never match (Alaris 8000 ≠ 8015).
    /// Without a shared model, every distinctive word of one side must occur on the other and one must be shared.
    /// Tier: 5 same names and model, 4 shared model, 3 same names, 2 one side's words within the other's, 1 most words shared.
    /// </summary>
    internal static (int Tier, string Rule, bool ModelInVersion) MatchProduct(
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
        // A letters-and-digits model the full name writes after its colon ("SureSigns: VS4 A.07.107 and prior").
        versionModel ??= deviceModels.FirstOrDefault(m => m.Length >= 3 && m.Any(char.IsAsciiLetter) && char.IsAsciiLetter(m[0]) && versionFieldModels.Contains(m));

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
            // A product word that is a brand of the device's own vendor ("MiniMed Paradigm 523/723" for a Medtronic
            // "Paradigm Revel 723") names the maker, not another product line.
            var namesAgree = strongModel || (sharedModel is null && nameShared) || device.Names.Count == 0 || product.Names.Count == 0 || deviceNamesCovered || productNamesCovered
                || (sharedModel is not null && nameShared && product.Names.All(n => DeviceCovers(n) || prepared.BrandWords.Contains(n)));
            if (!namesAgree)
            {
                return (0, "", false);
            }

            var shown = sharedModel ?? versionModel;
            return (mutual ? 5 : 4,
                $"model '{model}' and product '{productName}' share model identifier '{shown}'" + (sharedModel is null ? " (named in the advisory's version field)" : ""),
                sharedModel is null && versionTerms?.Models.Contains(shown!) == true);
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

            return AcronymRule(prepared, product, productName) is { } acronym ? (1, acronym, false) : (0, "", false);
        }

        return mutual
            ? (3, $"model '{model}' and product '{productName}' have the same distinctive words", false)
            : deviceNamesCovered
                ? (2, $"every distinctive word of model '{model}' occurs in product '{productName}'", false)
                : (2, $"every distinctive word of product '{productName}' occurs in model '{model}'", false);
    }

    /// <summary>
    /// A model typed as the product's initials (AGW for Alaris Gateway Workstation, PIC iX, CVSM 6000): every
    /// distinctive word of the device occurs in the product or is, written in capitals, the product's acronym or the
    /// initials of consecutive words of its name. An acronym names the whole product, so a model number the device
    /// adds is a variant of it (the advisory's product names no model number, checked before). The weakest tier: a
    /// product the device's words name directly decides before one it names by initials.
    /// </summary>
    private static string? AcronymRule(PreparedDevice prepared, ProductTerms product, string productName)
    {
        var device = prepared.Terms;
        if (device.Acronyms.Count == 0)
        {
            return null;
        }

        var acronyms = device.Names.Where(n => device.Acronyms.Contains(n) && (product.Initials.Contains(n) || product.All.Contains(n))).ToList();
        if (acronyms.Count == 0 || !device.Names.All(n => acronyms.Contains(n) || product.Covers(n) || prepared.ManufacturerWords.Contains(n)))
        {
            return null;
        }

        var written = string.Join(", ", acronyms.Select(a => a.ToUpperInvariant()));
        return acronyms.Any(a => !product.All.Contains(a))
            ? $"model '{prepared.Device.Model}' writes {written} for the initials of product '{productName}'"
            : $"model '{prepared.Device.Model}' names product '{productName}' by its acronym {written}";
    }

    private static bool ConflictingModels(ProductTerms device, ProductTerms product)
    {
        var deviceRaw = device.RawModels.Where(m => m.Length >= 3).ToList();
        var productRaw = product.RawModels.Where(m => m.Length >= 3).ToList();
        var deviceUnmatched = deviceRaw.Count(m => !product.MatchesModel(m));
        var productUnmatched = productRaw.Count(m => !device.Models.Contains(m) && !device.Patterns.Any(p => p.IsMatch(m)));
        var shared = deviceRaw.Count - deviceUnmatched;
        return deviceUnmatched > 0 && productUnmatched > 0 && shared < 2;
    }


    /// <summary>Same kind of model identifier: as many leading letters and as many digits (VM6 and VS4, 25000 and 24950).</summary>
    private static bool SameShape(string a, string b)
    {
        static (int Letters, int Digits) Shape(string s)
        {
            var letters = s.TakeWhile(char.IsAsciiLetter).Count();
            return (letters, s.Length - letters);
        }

        return Shape(a) == Shape(b) && ProductLeaves.ModelWord().IsMatch(a);
    }

}
