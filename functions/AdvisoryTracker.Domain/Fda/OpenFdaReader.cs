using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Html;

namespace AdvisoryTracker.Domain.Fda;

/// <summary>
/// Reads openFDA <c>device/recall</c> and <c>device/enforcement</c> responses into advisories of kind
/// <see cref="AdvisoryKind.Recall"/>: the recalling firm is the vendor, the product description (first line) the
/// product, with model/REF/catalogue tokens, product code and 510(k)/PMA numbers; the recall class maps to a severity.
/// </summary>
public static partial class OpenFdaReader
{
    public const string Publisher = "U.S. Food and Drug Administration (openFDA)";

    public static OpenFdaReadResult Read(ReadOnlyMemory<byte> json, OpenFdaEndpoint endpoint)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            return new OpenFdaReadResult(null, $"not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new OpenFdaReadResult(null, "not an openFDA response: top level is not an object");
            }

            if (root.TryGetProperty("error", out var error))
            {
                var code = Text(error, "code");
                return code == "NOT_FOUND"
                    ? new OpenFdaReadResult(new OpenFdaPage(0, 0, 0, null, []), null)
                    : new OpenFdaReadResult(null, $"openFDA error {code}: {Text(error, "message")}");
            }

            if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                return new OpenFdaReadResult(null, "not an openFDA response: no 'results' array");
            }

            int skip = 0, limit = 0, total = 0;
            string? lastUpdated = null;
            if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object)
            {
                lastUpdated = Text(meta, "last_updated");
                if (meta.TryGetProperty("results", out var paging) && paging.ValueKind == JsonValueKind.Object)
                {
                    skip = Int(paging, "skip");
                    limit = Int(paging, "limit");
                    total = Int(paging, "total");
                }
            }

            var records = results.EnumerateArray().Select(r => ReadRecord(r, endpoint)).ToList();
            return new OpenFdaReadResult(new OpenFdaPage(skip, limit, total, lastUpdated, records), null);
        }
    }

    /// <summary>Reads one result object (exposed for the documentation examples, which hold single records).</summary>
    public static OpenFdaRecord ReadRecord(JsonElement record, OpenFdaEndpoint endpoint)
    {
        var raw = Encoding.UTF8.GetBytes(record.GetRawText());
        if (record.ValueKind != JsonValueKind.Object)
        {
            return new OpenFdaRecord("(not an object)", null, "record is not a JSON object", raw);
        }

        var firm = Clean(Text(record, "recalling_firm"));
        var description = Clean(Text(record, "product_description"));
        var number = endpoint == OpenFdaEndpoint.Recall ? Text(record, "product_res_number") : Text(record, "recall_number");
        var eventId = endpoint == OpenFdaEndpoint.Recall ? Text(record, "res_event_number") : Text(record, "event_id");
        var hash = Convert.ToHexStringLower(SHA256.HashData(raw));
        var reference = number.Length > 0 ? number : eventId.Length > 0 ? $"{eventId}-{hash[..8]}" : hash[..16];
        if (firm.Length == 0 || description.Length == 0)
        {
            return new OpenFdaRecord(reference, null, "record has no recalling_firm or product_description", raw);
        }

        var productName = FirstLine(Text(record, "product_description"));
        var submissions = Strings(record, "k_numbers")
            .Concat(Strings(record, "pma_numbers"))
            .Concat(record.TryGetProperty("openfda", out var openfda) && openfda.ValueKind == JsonValueKind.Object
                ? Strings(openfda, "k_number").Concat(Strings(openfda, "pma_number")) : [])
            .Select(s => s.Trim().ToUpperInvariant())
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var productCode = Text(record, "product_code") is { Length: > 0 } pc ? pc.Trim().ToUpperInvariant() : null;
        var product = new AdvisoryProduct
        {
            ProductId = "FDA-P0001",
            Vendor = firm,
            ProductName = productName,
            FullName = description,
            ModelNumbers = ModelTokens(description),
            FdaProductCode = productCode,
            FdaSubmissionNumbers = submissions,
        };

        var (initiated, posted) = endpoint == OpenFdaEndpoint.Recall
            ? (Date(Text(record, "event_date_initiated")), Date(Text(record, "event_date_posted")) ?? Date(Text(record, "event_date_created")))
            : (Date(Text(record, "recall_initiation_date")), Date(Text(record, "report_date")));
        var recallClass = Clean(Text(record, "classification"));
        var reason = Clean(Text(record, "reason_for_recall"));
        var action = Clean(Text(record, "action"));
        var remediations = action.Length > 0
            ? [new AdvisoryRemediation(RemediationCategory.Mitigation, action, null, [product.ProductId])]
            : new List<AdvisoryRemediation>();
        var status = Clean(Text(record, endpoint == OpenFdaEndpoint.Recall ? "recall_status" : "status"));
        return new OpenFdaRecord(reference, new Advisory
        {
            Id = $"FDA-{(endpoint == OpenFdaEndpoint.Recall ? "RECALL" : "ENFORCEMENT")}-{reference}",
            Kind = AdvisoryKind.Recall,
            Title = Truncate($"Recall: {firm}: {productName}", 300),
            Publisher = Publisher,
            Status = status.Length > 0 ? status : "final",
            InitialReleaseDate = initiated,
            CurrentReleaseDate = posted ?? initiated,
            Summary = reason.Length > 0 ? reason : null,
            Products = [product],
            Vulnerabilities =
            [
                new Vulnerability
                {
                    Title = reason.Length > 0 ? Truncate(reason, 300) : "Device recall",
                    Summary = Clean(Text(record, "code_info")) is { Length: > 0 } codes ? $"Affected codes: {codes}" : null,
                    ProductStatus = new Dictionary<ProductStatus, IReadOnlyList<string>> { [ProductStatus.KnownAffected] = [product.ProductId] },
                    Remediations = remediations,
                },
            ],
            WebUrl = eventId.Length > 0 && endpoint == OpenFdaEndpoint.Recall
                ? $"https://www.accessdata.fda.gov/scripts/cdrh/cfdocs/cfRES/res.cfm?start_search=1&event_id={Uri.EscapeDataString(eventId)}"
                : null,
            ContentHash = hash,
            RecallClass = recallClass.Length > 0 ? recallClass : null,
            Severity = SeverityOf(recallClass),
        }, null, raw);
    }

    /// <summary>Class I (may cause serious harm or death) = critical, Class II = medium, Class III = low; else null.</summary>
    public static string? SeverityOf(string? recallClass) => recallClass?.Trim().ToUpperInvariant() switch
    {
        "CLASS I" or "I" or "1" => "critical",
        "CLASS II" or "II" or "2" => "medium",
        "CLASS III" or "III" or "3" => "low",
        _ => null,
    };

    private static IReadOnlyList<string> ModelTokens(string description) =>
        ModelToken().Matches(description).Select(m => m.Groups["model"].Value.TrimEnd('.', ',', ';'))
            .Where(t => t.Any(char.IsDigit))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static DateTimeOffset? Date(string text)
    {
        text = text.Trim();
        return DateTime.TryParseExact(text, ["yyyy-MM-dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new DateTimeOffset(date, TimeSpan.Zero)
            : null;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return Truncate(Clean(line), 200);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd() + "…";

    private static string Clean(string text) => SafeHtml.Normalise(text, decodeEntities: false);

    private static string Text(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static int Int(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : 0;

    private static IEnumerable<string> Strings(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString() ?? "")
            : value.ValueKind == JsonValueKind.String ? [value.GetString() ?? ""] : [];

    [GeneratedRegex(@"\b(?:REF|Model(?:\s+(?:No\.?|Number))?|Cat(?:alog(?:ue)?)?\.?\s*(?:No\.?|#|Number)?|Part\s*(?:No\.?|#|Number)?|P/N)\s*[:#]?\s*(?<model>[A-Z0-9][A-Za-z0-9\-./]{2,40})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ModelToken();
}
