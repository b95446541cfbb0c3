using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf.Validation;

namespace AdvisoryTracker.Domain.Csaf;

/// <summary>
/// Reads a CSAF 2.0 or 2.1 document into an <see cref="Advisory"/>. Pure: takes the bytes a source already fetched.
/// Every document is first checked against the official CSAF JSON schema of its version
/// (<see cref="CsafSchemaValidator"/>) and the mandatory tests that decide matching (<see cref="CsafMandatoryTests"/>);
/// a failure rejects it with the reason and the JSON pointer of the failing value. Tolerates what the schema allows
/// and the real CISA corpus does (stray whitespace, mojibake vendor names, missing optional fields); rejects with a
/// clear reason what cannot be trusted (invalid JSON, a CSAF version other than 2.0 or 2.1, oversized or too deeply
/// nested documents, schema or mandatory-test failures).
/// </summary>
public sealed class CsafReader(CsafReaderOptions? options = null)
{
    private readonly CsafReaderOptions _options = options ?? new CsafReaderOptions();

    public CsafReadResult Read(ReadOnlySpan<byte> utf8Json) => Read(utf8Json.ToArray().AsMemory());

    public CsafReadResult Read(byte[] utf8Json) => Read(utf8Json.AsMemory());

    /// <summary>Reads without copying the bytes (the memory must not change while this runs).</summary>
    public CsafReadResult Read(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.Length == 0)
        {
            return CsafReadResult.Rejected("empty document");
        }

        if (utf8Json.Length > _options.MaxDocumentBytes)
        {
            return CsafReadResult.Rejected(
                $"document is {utf8Json.Length} bytes, over the limit of {_options.MaxDocumentBytes} bytes");
        }

        // Skip a UTF-8 byte order mark.
        if (utf8Json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8Json = utf8Json[3..];
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(utf8Json.Span));
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = _options.MaxDepth, AllowTrailingCommas = false });
        }
        catch (JsonException ex) when (ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            return CsafReadResult.Rejected($"document is nested deeper than the limit of {_options.MaxDepth} levels");
        }
        catch (JsonException ex)
        {
            return CsafReadResult.Rejected($"invalid JSON: {ex.Message}");
        }

        using (json)
        {
            try
            {
                return ReadDocument(json.RootElement, hash, !_options.SkipValidationForBenchmark);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
            {
                // A value of an unexpected JSON kind somewhere we need it.
                return CsafReadResult.Rejected($"unexpected structure: {ex.Message}");
            }
        }
    }

    private static CsafReadResult ReadDocument(JsonElement root, string hash, bool validate)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return CsafReadResult.Rejected("the document is not a JSON object");
        }

        if (!root.TryGetProperty("document", out var document) || document.ValueKind != JsonValueKind.Object)
        {
            return CsafReadResult.Rejected("missing /document");
        }

        var csafVersion = Str(document, "csaf_version");
        if (csafVersion is null)
        {
            return CsafReadResult.Rejected("missing /document/csaf_version");
        }

        if (!CsafSchemaValidator.Supports(csafVersion))
        {
            return CsafReadResult.Rejected($"unsupported CSAF version '{Clip(csafVersion)}' (2.0 and 2.1 are supported)");
        }

        // The standard's own schema decides the structure (required fields, kinds, formats, enumerations, CVSS).
        if (validate && CsafSchemaValidator.Shared.Validate(root, csafVersion) is { } schemaFailure)
        {
            return CsafReadResult.Rejected(schemaFailure);
        }

        var mandatory = validate ? CsafMandatoryTests.Run(root) : new CsafMandatoryTestResult([], []);
        if (mandatory.Blocking.Count > 0)
        {
            return CsafReadResult.Rejected(mandatory.Blocking[0]);
        }

        // Present and non-empty: the schema requires them.
        var tracking = document.GetProperty("tracking");
        var id = Str(tracking, "id")!.Trim();
        var title = Str(document, "title")!.Trim();

        var products = new List<AdvisoryProduct>();
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (root.TryGetProperty("product_tree", out var tree) && tree.ValueKind == JsonValueKind.Object)
        {
            ReadProductTree(tree, products);
            ReadProductGroups(tree, groups);
        }

        var references = ReadReferences(document);
        return CsafReadResult.Success(new Advisory
        {
            CsafVersion = csafVersion,
            TlpLabel = document.TryGetProperty("distribution", out var distribution) && distribution.TryGetProperty("tlp", out var tlp) ? Str(tlp, "label") : null,
            Id = id,
            Kind = AdvisoryKind.Csaf,
            Title = title,
            Publisher = document.TryGetProperty("publisher", out var publisher) ? Str(publisher, "name")?.Trim() ?? "" : "",
            Revision = Scalar(tracking, "version")?.Trim() ?? "1",
            Status = Str(tracking, "status")?.Trim() ?? "final",
            InitialReleaseDate = Date(tracking, "initial_release_date"),
            CurrentReleaseDate = Date(tracking, "current_release_date"),
            RevisionHistory = ReadRevisions(tracking),
            Summary = ReadSummary(document),
            NoteTexts = NoteTexts(document),
            Products = products,
            Vulnerabilities = ReadVulnerabilities(root, groups),
            References = references,
            WebUrl = PickWebUrl(references),
            CriticalInfrastructureSectors = ReadSectors(document),
            IsConvertedFromUnstructuredData = HasConversionNote(document),
            ContentHash = hash,
        }, mandatory.Warnings);
    }

    private static void ReadProductTree(JsonElement tree, List<AdvisoryProduct> products)
    {
        if (tree.TryGetProperty("branches", out var branches) && branches.ValueKind == JsonValueKind.Array)
        {
            foreach (var branch in branches.EnumerateArray())
            {
                WalkBranch(branch, new BranchPath(), products);
            }
        }

        if (tree.TryGetProperty("full_product_names", out var fullNames) && fullNames.ValueKind == JsonValueKind.Array)
        {
            foreach (var fpn in fullNames.EnumerateArray())
            {
                var id = Str(fpn, "product_id");
                var name = Str(fpn, "name");
                if (id is null || name is null)
                {
                    continue;
                }

                var helper = fpn.TryGetProperty("product_identification_helper", out var h) ? h : default;
                products.Add(new AdvisoryProduct
                {
                    ProductId = id,
                    Vendor = "",
                    ProductName = name.Trim(),
                    FullName = name.Trim(),
                    ModelNumbers = StrArray(helper, "model_numbers"),
                    Skus = StrArray(helper, "skus"),
                    SerialNumbers = StrArray(helper, "serial_numbers"),
                    Cpe = Str(helper, "cpe"),
                    Purl = Str(helper, "purl"),
                });
            }
        }

        if (tree.TryGetProperty("relationships", out var relationships) && relationships.ValueKind == JsonValueKind.Array)
        {
            foreach (var rel in relationships.EnumerateArray())
            {
                if (!rel.TryGetProperty("full_product_name", out var fpn))
                {
                    continue;
                }

                var id = Str(fpn, "product_id");
                var name = Str(fpn, "name");
                if (id is null || name is null)
                {
                    continue;
                }

                products.Add(new AdvisoryProduct
                {
                    ProductId = id,
                    Vendor = "",
                    ProductName = name.Trim(),
                    FullName = name.Trim(),
                    RelationshipCategory = Str(rel, "category"),
                    RelationshipProductReference = Str(rel, "product_reference"),
                    RelationshipRelatesTo = Str(rel, "relates_to_product_reference"),
                });
            }
        }
    }

    private readonly record struct BranchPath(
        string? Vendor = null, ImmutableStack? Families = null, string? ProductName = null, string? Version = null, bool VersionIsRange = false,
        string? VersionSuffix = null, ImmutableStack? Qualifiers = null);

    /// <summary>
    /// Reads the product_groups into group id → product ids (remediations, flags and threats may name groups).
    /// </summary>
    private static void ReadProductGroups(JsonElement tree, Dictionary<string, List<string>> groups)
    {
        if (tree.TryGetProperty("product_groups", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var g in list.EnumerateArray())
            {
                if (Str(g, "group_id") is { } id)
                {
                    groups[id.Trim()] = StrArray(g, "product_ids");
                }
            }
        }
    }

    /// <summary>product_ids plus the members of every group in group_ids.</summary>
    private static List<string> ProductIds(JsonElement owner, Dictionary<string, List<string>> groups)
    {
        var ids = StrArray(owner, "product_ids");
        foreach (var g in StrArray(owner, "group_ids"))
        {
            if (groups.TryGetValue(g, out var members))
            {
                ids.AddRange(members);
            }
        }

        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    private sealed record ImmutableStack(string Head, ImmutableStack? Tail)
    {
        public IReadOnlyList<string> ToList()
        {
            var list = new List<string>();
            for (var s = this; s is not null; s = s.Tail)
            {
                list.Add(s.Head);
            }

            list.Reverse();
            return list;
        }
    }

    private static void WalkBranch(JsonElement branch, BranchPath path, List<AdvisoryProduct> products)
    {
        var category = Str(branch, "category");
        var name = Scalar(branch, "name") ?? "";
        // Every branch category refines the product (CSAF 2.0 §3.1.2.3): the version is kept below service_pack,
        // patch_level, architecture and the other qualifiers; service_pack and patch_level extend the version.
        path = category switch
        {
            "vendor" => path with { Vendor = name },
            "product_family" => path with { Families = new ImmutableStack(name.Trim(), path.Families) },
            "product_name" => path with { ProductName = name },
            "product_version" => path with { Version = name, VersionIsRange = false },
            "product_version_range" => path with { Version = name, VersionIsRange = true },
            "service_pack" or "patch_level" => path with
            {
                VersionSuffix = path.VersionSuffix is null ? name.Trim() : $"{path.VersionSuffix} {name.Trim()}",
                Qualifiers = new ImmutableStack($"{category}: {name.Trim()}", path.Qualifiers),
            },
            null => path,
            _ => path with { Qualifiers = new ImmutableStack($"{category}: {name.Trim()}", path.Qualifiers) },
        };

        if (branch.TryGetProperty("product", out var product) && product.ValueKind == JsonValueKind.Object)
        {
            var id = Str(product, "product_id");
            if (id is not null)
            {
                var isVersionLeaf = path.Version is not null;
                var isNameLevel = category is "vendor" or "product_family" or "product_name";
                var helper = product.TryGetProperty("product_identification_helper", out var h) ? h : default;
                var fullName = Str(product, "name")?.Trim() ?? name.Trim();
                var version = path.Version;
                if (version is not null && path.VersionSuffix is not null && !path.VersionIsRange)
                {
                    version = $"{version.Trim()} {path.VersionSuffix}"; // 2.0 + service pack SP1 = 2.0 SP1
                }

                products.Add(new AdvisoryProduct
                {
                    ProductId = id,
                    Vendor = path.Vendor ?? "",
                    Families = path.Families?.ToList() ?? [],
                    ProductName = (path.ProductName ?? (isVersionLeaf || !isNameLevel ? "" : name)).Trim(),
                    VersionExpression = version,
                    IsVersionRange = path.VersionIsRange,
                    Qualifiers = path.Qualifiers?.ToList() ?? [],
                    FullName = fullName,
                    ModelNumbers = StrArray(helper, "model_numbers"),
                    Skus = StrArray(helper, "skus"),
                    SerialNumbers = StrArray(helper, "serial_numbers"),
                    Cpe = Str(helper, "cpe"),
                    Purl = Str(helper, "purl"),
                });
            }
        }

        if (branch.TryGetProperty("branches", out var children) && children.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in children.EnumerateArray())
            {
                WalkBranch(child, path, products);
            }
        }
    }

    private static List<Vulnerability> ReadVulnerabilities(JsonElement root, Dictionary<string, List<string>> groups)
    {
        var result = new List<Vulnerability>();
        if (!root.TryGetProperty("vulnerabilities", out var vulns) || vulns.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var v in vulns.EnumerateArray())
        {
            var statuses = new Dictionary<ProductStatus, IReadOnlyList<string>>();
            if (v.TryGetProperty("product_status", out var ps) && ps.ValueKind == JsonValueKind.Object)
            {
                foreach (var set in ps.EnumerateObject())
                {
                    ProductStatus? status = set.Name switch
                    {
                        "known_affected" => ProductStatus.KnownAffected,
                        "first_affected" => ProductStatus.FirstAffected,
                        "last_affected" => ProductStatus.LastAffected,
                        "fixed" => ProductStatus.Fixed,
                        "first_fixed" => ProductStatus.FirstFixed,
                        "known_not_affected" => ProductStatus.KnownNotAffected,
                        "recommended" => ProductStatus.Recommended,
                        "under_investigation" => ProductStatus.UnderInvestigation,
                        _ => null,
                    };
                    if (status is { } s && set.Value.ValueKind == JsonValueKind.Array)
                    {
                        statuses[s] = set.Value.EnumerateArray().Select(e => e.ToString().Trim()).ToList();
                    }
                }
            }

            var references = ReadReferences(v);
            // CSAF 2.0 has one "cwe", CSAF 2.1 a list "cwes" (the first is kept).
            var cwe = v.TryGetProperty("cwe", out var cwe20) ? cwe20
                : v.TryGetProperty("cwes", out var cwes) && cwes.ValueKind == JsonValueKind.Array && cwes.GetArrayLength() > 0 ? cwes[0]
                : default;
            var metrics = CsafMetricsReader.Read(v);
            result.Add(new Vulnerability
            {
                Cve = Str(v, "cve")?.Trim(),
                CweId = Str(cwe, "id"),
                CweName = Str(cwe, "name"),
                Epss = metrics.Epss,
                Ssvc = metrics.Ssvc,
                QualitativeSeverity = metrics.QualitativeSeverity,
                FirstKnownExploitationDates = metrics.FirstKnownExploitationDates,
                Title = Str(v, "title"),
                Summary = NoteText(v, "summary") ?? NoteText(v, "description"),
                ProductStatus = statuses,
                Remediations = ReadRemediations(v, groups),
                Flags = ReadFlags(v, groups),
                Threats = ReadThreats(v, groups),
                NoteTexts = NoteTexts(v),
                Scores = [.. ReadScores(v), .. metrics.Cvss],
                CvssV4Vector = metrics.CvssV4Vector ?? ReadCvssV4Vector(v, references),
                References = references,
            });
        }

        return result;
    }

    private static List<ProductFlag> ReadFlags(JsonElement v, Dictionary<string, List<string>> groups) =>
        v.TryGetProperty("flags", out var flags) && flags.ValueKind == JsonValueKind.Array
            ? [.. flags.EnumerateArray().Where(f => Str(f, "label") is not null).Select(f => new ProductFlag(Str(f, "label")!.Trim(), ProductIds(f, groups)))]
            : [];

    private static List<ProductThreat> ReadThreats(JsonElement v, Dictionary<string, List<string>> groups) =>
        v.TryGetProperty("threats", out var threats) && threats.ValueKind == JsonValueKind.Array
            ? [.. threats.EnumerateArray().Where(t => Str(t, "category") is not null)
                .Select(t => new ProductThreat(Str(t, "category")!.Trim(), Str(t, "details")?.Trim() ?? "", ProductIds(t, groups)))]
            : [];

    private static List<string> NoteTexts(JsonElement owner) =>
        owner.TryGetProperty("notes", out var notes) && notes.ValueKind == JsonValueKind.Array
            ? [.. notes.EnumerateArray().Select(n => Str(n, "text")?.Trim()).OfType<string>().Where(t => t.Length > 0)]
            : [];

    private static List<AdvisoryRemediation> ReadRemediations(JsonElement v, Dictionary<string, List<string>> groups)
    {
        var list = new List<AdvisoryRemediation>();
        if (!v.TryGetProperty("remediations", out var rems) || rems.ValueKind != JsonValueKind.Array)
        {
            return list;
        }

        foreach (var r in rems.EnumerateArray())
        {
            var category = RemediationCategoryNames.FromWireName(Str(r, "category") ?? "");
            if (category is null)
            {
                continue;
            }

            list.Add(new AdvisoryRemediation(category.Value, Str(r, "details")?.Trim() ?? "", Str(r, "url")?.Trim(), ProductIds(r, groups)));
        }

        return list;
    }

    private static List<CvssScore> ReadScores(JsonElement v)
    {
        var list = new List<CvssScore>();
        if (!v.TryGetProperty("scores", out var scores) || scores.ValueKind != JsonValueKind.Array)
        {
            return list;
        }

        foreach (var s in scores.EnumerateArray())
        {
            foreach (var key in (ReadOnlySpan<string>)["cvss_v3", "cvss_v4"])
            {
                if (s.TryGetProperty(key, out var cvss) && cvss.ValueKind == JsonValueKind.Object &&
                    cvss.TryGetProperty("baseScore", out var score) && score.ValueKind == JsonValueKind.Number)
                {
                    list.Add(new CvssScore(
                        Scalar(cvss, "version") ?? "",
                        score.GetDouble(),
                        Str(cvss, "baseSeverity") ?? "",
                        Str(cvss, "vectorString") ?? ""));
                }
            }
        }

        return list;
    }

    private static string? ReadCvssV4Vector(JsonElement v, IReadOnlyList<AdvisoryReference> references)
    {
        if (v.TryGetProperty("scores", out var scores) && scores.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in scores.EnumerateArray())
            {
                if (s.TryGetProperty("cvss_v4", out var cvss) && Str(cvss, "vectorString") is { } vector)
                {
                    return vector;
                }
            }
        }

        foreach (var r in references)
        {
            var at = r.Url.IndexOf("CVSS:4.0/", StringComparison.Ordinal);
            if (at >= 0)
            {
                return r.Url[at..];
            }
        }

        return null;
    }

    private static List<AdvisoryRevision> ReadRevisions(JsonElement tracking)
    {
        var list = new List<AdvisoryRevision>();
        if (tracking.TryGetProperty("revision_history", out var history) && history.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in history.EnumerateArray())
            {
                list.Add(new AdvisoryRevision(
                    Scalar(r, "number")?.Trim() ?? "",
                    Date(r, "date"),
                    Str(r, "summary")?.Trim() ?? "",
                    Str(r, "legacy_version")));
            }
        }

        return list;
    }

    private static List<AdvisoryReference> ReadReferences(JsonElement owner)
    {
        var list = new List<AdvisoryReference>();
        if (owner.TryGetProperty("references", out var refs) && refs.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in refs.EnumerateArray())
            {
                if (Str(r, "url") is { } url)
                {
                    list.Add(new AdvisoryReference(url.Trim(), Str(r, "category") ?? "external", Str(r, "summary") ?? ""));
                }
            }
        }

        return list;
    }

    private static string? PickWebUrl(IReadOnlyList<AdvisoryReference> references)
    {
        var self = references.Where(r => r.Category == "self").ToList();
        return self.FirstOrDefault(r => !r.Url.EndsWith(".json", StringComparison.OrdinalIgnoreCase))?.Url
            ?? self.FirstOrDefault()?.Url;
    }

    private static string? ReadSummary(JsonElement document)
    {
        if (!document.TryGetProperty("notes", out var notes) || notes.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var n in notes.EnumerateArray())
        {
            if (Str(n, "category") == "summary")
            {
                return Str(n, "text")?.Trim();
            }
        }

        return null;
    }

    /// <summary>CISA's general note titled "Critical infrastructure sectors" (e.g. "Healthcare and Public Health").</summary>
    private static List<string> ReadSectors(JsonElement document)
    {
        if (document.TryGetProperty("notes", out var notes) && notes.ValueKind == JsonValueKind.Array)
        {
            foreach (var n in notes.EnumerateArray())
            {
                if (string.Equals(Str(n, "title")?.Trim(), "Critical infrastructure sectors", StringComparison.OrdinalIgnoreCase) && Str(n, "text") is { } text)
                {
                    return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                }
            }
        }

        return [];
    }

    private static bool HasConversionNote(JsonElement document)
    {
        if (document.TryGetProperty("notes", out var notes) && notes.ValueKind == JsonValueKind.Array)
        {
            foreach (var n in notes.EnumerateArray())
            {
                if (Str(n, "text") is { } text && text.Contains("extracted from unstructured data", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string? NoteText(JsonElement owner, string category)
    {
        if (owner.TryGetProperty("notes", out var notes) && notes.ValueKind == JsonValueKind.Array)
        {
            foreach (var n in notes.EnumerateArray())
            {
                if (Str(n, "category") == category)
                {
                    return Str(n, "text")?.Trim();
                }
            }
        }

        return null;
    }

    internal static DateTimeOffset? Date(JsonElement owner, string name) =>
        Str(owner, name) is { } text &&
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;

    internal static string? Str(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A string or a number written where CSAF wants a string (the real corpus does both).</summary>
    internal static string? Scalar(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    internal static List<string> StrArray(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!.Trim()).ToList()
            : [];

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
