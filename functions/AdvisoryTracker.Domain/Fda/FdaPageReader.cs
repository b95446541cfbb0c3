using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Feeds;
using AdvisoryTracker.Domain.Html;
using HtmlAgilityPack;

namespace AdvisoryTracker.Domain.Fda;

/// <summary>
/// Reads an FDA page (safety communication, press announcement, device recall announcement; the fda.gov "lcds"
/// Drupal template) into an <see cref="Advisory"/> of kind <see cref="AdvisoryKind.SafetyCommunication"/> or
/// <see cref="AdvisoryKind.Recall"/>. Products are the manufacturers and models the page names (the UDI table, else a
/// "manufacturers ...: A, B and C" sentence) with no version expression: FDA communications cover all versions of the
/// named models. Pages about food, drugs or anything else are rejected with a reason.
/// </summary>
public static partial class FdaPageReader
{
    public const string Publisher = "U.S. Food and Drug Administration";

    public static PageReadResult Read(ReadOnlySpan<byte> utf8Html, string pageUrl, int maxChars = SafeHtml.DefaultMaxChars)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(utf8Html));
        var loaded = SafeHtml.Load(utf8Html, maxChars);
        return loaded.Document is null
            ? PageReadResult.Rejected(loaded.RejectionReason!)
            : Read(loaded.Document, pageUrl, hash);
    }

    private static PageReadResult Read(HtmlDocument document, string pageUrl, string hash)
    {
        var root = document.DocumentNode;
        var canonical = root.SelectSingleNode("//link[@rel='canonical']")?.GetAttributeValue("href", null) is { Length: > 0 } c
            ? SafeHtml.Normalise(c) : pageUrl;
        var title = SafeHtml.Text(root.SelectSingleNode("//article//h1[contains(@class,'content-title')]") ?? root.SelectSingleNode("//h1"));
        if (title.Length == 0)
        {
            return PageReadResult.Rejected("no title (h1.content-title) found: not an FDA content page");
        }

        var main = root.SelectSingleNode("//article//div[@role='main']") ?? root.SelectSingleNode("//article") ?? root;
        var mainText = SafeHtml.Text(main);
        var regulated = root.SelectNodes("//h2[contains(normalize-space(.),'Regulated Product')]/following-sibling::ul[1]/li")
            ?.Select(SafeHtml.Text).Where(t => t.Length > 0).ToList() ?? [];
        var productType = SafeHtml.Text(DescriptionValue(root, "Product Type"));
        var path = Uri.TryCreate(canonical, UriKind.Absolute, out var canonicalUrl) ? canonicalUrl.AbsolutePath : canonical;
        var creator = root.SelectSingleNode("//meta[@name='dcterms.creator']")?.GetAttributeValue("content", "") ?? "";
        if (!IsDevicePage(path, creator, regulated, productType, mainText))
        {
            var what = regulated.Count > 0 ? string.Join(", ", regulated) : productType.Length > 0 ? productType : "no medical device named";
            return PageReadResult.Rejected($"not a medical-device item ({what})");
        }

        var issued = IssueDate(root, mainText);
        var currentAsOf = FeedDates.Parse(root.SelectSingleNode("//li[contains(@class,'node-current-date')]//time")?.GetAttributeValue("datetime", null));
        var products = Products(main, mainText);
        if (products.Count == 0 && FdaTitles.Parse(title) is { } subject)
        {
            products.Add(new AdvisoryProduct
            {
                ProductId = "FDA-P0001",
                Vendor = subject.Firm,
                ProductName = subject.Product,
                FullName = $"{subject.Firm} {subject.Product}",
            });
        }

        var productIds = products.Select(p => p.ProductId).ToList();
        var remediations = Recommendations(main)
            .Select(r => new AdvisoryRemediation(RemediationCategory.Mitigation, r, canonical, productIds))
            .ToList();
        var cves = TextPatterns.Cves(mainText);
        var status = new Dictionary<ProductStatus, IReadOnlyList<string>> { [ProductStatus.KnownAffected] = productIds };
        var vulnerabilities = cves.Count > 0
            ? cves.Select(cve => new Vulnerability { Cve = cve, ProductStatus = status, Remediations = remediations }).ToList()
            : [new Vulnerability { Title = title, ProductStatus = status, Remediations = remediations }];
        var references = main.SelectNodes(".//a[@href]")?
            .Select(a => SafeHtml.Normalise(a.GetAttributeValue("href", "")))
            .Where(href => href.Contains("cisa.gov", StringComparison.OrdinalIgnoreCase) && FeedReader.IsHttpUrl(href))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(href => new AdvisoryReference(href, "external", "CISA advisory"))
            .ToList() ?? [];

        var isRecall = path.Contains("recall", StringComparison.OrdinalIgnoreCase);
        return PageReadResult.Success(new Advisory
        {
            Id = "FDA-" + TextPatterns.Slug(canonical),
            Kind = isRecall ? AdvisoryKind.Recall : AdvisoryKind.SafetyCommunication,
            Title = title,
            Publisher = Publisher,
            InitialReleaseDate = issued,
            CurrentReleaseDate = currentAsOf is { } asOf && (issued is null || asOf > issued) ? asOf : issued,
            Summary = Summary(main),
            Products = products,
            Vulnerabilities = vulnerabilities,
            References = [new AdvisoryReference(canonical, "self", "FDA page"), .. references],
            WebUrl = canonical,
            ContentHash = hash,
        });
    }

    private static bool IsDevicePage(string path, string creator, List<string> regulated, string productType, string mainText)
    {
        if (regulated.Count > 0)
        {
            return regulated.Any(r => r.Contains("Medical Device", StringComparison.OrdinalIgnoreCase));
        }

        if (productType.Length > 0)
        {
            return productType.Contains("Medical Device", StringComparison.OrdinalIgnoreCase);
        }

        return path.Contains("/medical-devices/", StringComparison.OrdinalIgnoreCase)
            || creator.Contains("Devices and Radiological Health", StringComparison.OrdinalIgnoreCase)
            || mainText.Contains("medical device", StringComparison.OrdinalIgnoreCase);
    }

    private static HtmlNode? DescriptionValue(HtmlNode root, string label) =>
        root.SelectSingleNode($"//dl//dt[starts-with(normalize-space(.),'{label}')]/following-sibling::dd[1]");

    /// <summary>"Date Issued: January 30, 2025" in the body, else the release or publish date of the summary list.</summary>
    private static DateTimeOffset? IssueDate(HtmlNode root, string mainText)
    {
        if (DateIssued().Match(mainText) is { Success: true } issued && FeedDates.FindProseDate(issued.Groups[1].Value) is { } fromBody)
        {
            return fromBody;
        }

        foreach (var label in new[] { "For Immediate Release", "Company Announcement Date", "FDA Publish Date" })
        {
            var time = DescriptionValue(root, label)?.SelectSingleNode(".//time");
            if (FeedDates.Parse(time?.GetAttributeValue("datetime", null)) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    private static List<AdvisoryProduct> Products(HtmlNode main, string mainText)
    {
        var products = new List<AdvisoryProduct>();
        foreach (var table in main.SelectNodes(".//table") ?? Enumerable.Empty<HtmlNode>())
        {
            var rows = table.SelectNodes(".//tr")?.ToList() ?? [];
            if (rows.Count < 2)
            {
                continue;
            }

            var header = rows[0].SelectNodes("./th|./td")?.Select(SafeHtml.Text).ToList() ?? [];
            var vendorColumn = header.FindIndex(h => VendorHeader().IsMatch(h));
            var modelColumn = header.FindIndex(h => ModelHeader().IsMatch(h));
            if (vendorColumn < 0 || modelColumn < 0)
            {
                continue;
            }

            foreach (var row in rows.Skip(1))
            {
                var cells = row.SelectNodes("./th|./td")?.Select(SafeHtml.Text).ToList() ?? [];
                if (cells.Count <= Math.Max(vendorColumn, modelColumn) || cells[vendorColumn].Length == 0 || cells[modelColumn].Length == 0)
                {
                    continue;
                }

                var vendor = cells[vendorColumn];
                var model = cells[modelColumn];
                products.Add(new AdvisoryProduct
                {
                    ProductId = $"FDA-P{products.Count + 1:D4}",
                    Vendor = vendor,
                    ProductName = model,
                    FullName = $"{vendor} {model}",
                    ModelNumbers = [model],
                });
            }
        }

        if (products.Count > 0)
        {
            return products;
        }

        // No product table: "... manufacturers that are affected by these vulnerabilities: A, B and C."
        if (ManufacturerList().Match(mainText) is { Success: true } list)
        {
            foreach (var name in ListSeparator().Split(list.Groups["list"].Value).Select(n => n.Trim()).Where(n => n.Length is > 0 and < 80))
            {
                products.Add(new AdvisoryProduct
                {
                    ProductId = $"FDA-P{products.Count + 1:D4}",
                    Vendor = name,
                    ProductName = "",
                    FullName = name,
                });
            }
        }

        return products;
    }

    /// <summary>Each "Recommendations for ..." section as one text: "Recommendations for Health Care Providers: ...".</summary>
    private static List<string> Recommendations(HtmlNode main)
    {
        var result = new List<string>();
        foreach (var heading in main.SelectNodes(".//h2[starts-with(normalize-space(.),'Recommendations')]") ?? Enumerable.Empty<HtmlNode>())
        {
            var parts = new List<string>();
            for (var node = heading.NextSibling; node is not null && node.Name != "h2"; node = node.NextSibling)
            {
                var text = SafeHtml.Text(node);
                if (text.Length > 0)
                {
                    parts.Add(text);
                }
            }

            if (parts.Count > 0)
            {
                result.Add($"{SafeHtml.Text(heading)}: {string.Join(" ", parts)}");
            }
        }

        return result;
    }

    private static string? Summary(HtmlNode main)
    {
        var paragraph = main.SelectNodes("./p|./div/p")?
            .Select(SafeHtml.Text)
            .FirstOrDefault(t => t.Length > 80 && !t.StartsWith("Date Issued", StringComparison.OrdinalIgnoreCase));
        return paragraph;
    }

    [GeneratedRegex(@"Date Issued:?\s*([A-Za-z]+\.?\s+\d{1,2},?\s+\d{4})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DateIssued();

    [GeneratedRegex(@"^(brand|manufacturer|company|firm|vendor)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex VendorHeader();

    [GeneratedRegex(@"model|version|product", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ModelHeader();

    [GeneratedRegex(@"manufacturers (?:that|which|who) [^.:]{0,80}:\s*(?<list>[^.:]{3,400})\.", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ManufacturerList();

    [GeneratedRegex(@",\s*(?:and\s+)?|\s+and\s+", RegexOptions.CultureInvariant)]
    private static partial Regex ListSeparator();
}
