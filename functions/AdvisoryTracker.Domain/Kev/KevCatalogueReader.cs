using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace AdvisoryTracker.Domain.Kev;

/// <summary>
/// Reads the KEV JSON catalogue. A catalogue whose shape is wrong, or whose entries are mostly unreadable, is rejected
/// as a whole (so a broken download never "un-exploits" CVEs); a few bad entries are skipped and reported.
/// </summary>
public static class KevCatalogueReader
{
    public static KevReadResult Read(ReadOnlyMemory<byte> json)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(json.Span));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return new KevReadResult(null, $"not JSON: {ex.Message}", []);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("vulnerabilities", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return new KevReadResult(null, "not a KEV catalogue: no 'vulnerabilities' array", []);
            }

            var entries = new List<KnownExploitedVulnerability>(list.GetArrayLength());
            var skipped = new List<string>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (ReadEntry(item) is { } entry)
                {
                    entries.Add(entry);
                }
                else
                {
                    skipped.Add($"entry {index}: no valid cveID");
                }

                index++;
            }

            if (entries.Count == 0 || skipped.Count > entries.Count / 10)
            {
                return new KevReadResult(null, $"KEV catalogue unusable: {entries.Count} readable entries, {skipped.Count} unreadable", skipped);
            }

            if (root.TryGetProperty("count", out var count) && count.TryGetInt32(out var declared) && declared != index)
            {
                return new KevReadResult(null, $"KEV catalogue truncated: declares {declared} entries, holds {index}", skipped);
            }

            return new KevReadResult(
                new KevCatalogue(String(root, "catalogVersion"), ParseTimestamp(String(root, "dateReleased")), entries, hash),
                null,
                skipped);
        }
    }

    private static KnownExploitedVulnerability? ReadEntry(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var cve = String(item, "cveID").Trim().ToUpperInvariant();
        if (!cve.StartsWith("CVE-", StringComparison.Ordinal))
        {
            return null;
        }

        var cwes = item.TryGetProperty("cwes", out var cweList) && cweList.ValueKind == JsonValueKind.Array
            ? cweList.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!).ToList()
            : [];
        return new KnownExploitedVulnerability
        {
            CveId = cve,
            VendorProject = String(item, "vendorProject"),
            Product = String(item, "product"),
            VulnerabilityName = String(item, "vulnerabilityName"),
            DateAdded = ParseDate(String(item, "dateAdded")),
            ShortDescription = String(item, "shortDescription"),
            RequiredAction = String(item, "requiredAction"),
            DueDate = ParseDate(String(item, "dueDate")),
            KnownRansomwareCampaignUse = String(item, "knownRansomwareCampaignUse") is { Length: > 0 } r ? r : "Unknown",
            Notes = String(item, "notes"),
            Cwes = cwes,
        };
    }

    private static string String(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static DateTimeOffset? ParseTimestamp(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
