using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.XPath;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Feeds;
using AdvisoryTracker.Domain.Html;
using HtmlAgilityPack;

namespace AdvisoryTracker.Domain.Bulletins;

/// <summary>
/// Reads a bulletin page with a <see cref="BulletinSiteConfig"/> into an <see cref="Advisory"/>. Vendors and products are
/// paired by position when the page lists as many vendors as products, else every product gets the first vendor.
/// Products carry no version expression (the page's version prose stays in <see cref="AdvisoryProduct.FullName"/>),
/// and the advisory's kind is not CSAF, so the matcher reports text matches as possibly affected.
/// </summary>
public static class BulletinPageReader
{
    public static PageReadResult Read(ReadOnlySpan<byte> utf8Html, string pageUrl, BulletinSiteConfig config)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(utf8Html));
        var loaded = SafeHtml.Load(utf8Html, config.MaxPageChars);
        if (loaded.Document is null)
        {
            return PageReadResult.Rejected(loaded.RejectionReason!);
        }

        try
        {
            return Read(loaded.Document, pageUrl, config, hash);
        }
        catch (XPathException ex)
        {
            return PageReadResult.Rejected($"configuration '{config.Name}' has an invalid XPath: {ex.Message}");
        }
        catch (RegexMatchTimeoutException)
        {
            return PageReadResult.Rejected($"configuration '{config.Name}': IdFromUrlPattern took too long on {pageUrl}");
        }
    }

    /// <summary>The bulletin links of an HTML listing page, absolute, filtered by the configured prefixes, distinct, in page order.</summary>
    public static IReadOnlyList<string> ReadListingLinks(ReadOnlySpan<byte> utf8Html, Uri listingUrl, BulletinSiteConfig config)
    {
        var loaded = SafeHtml.Load(utf8Html, config.MaxPageChars);
        if (loaded.Document is null)
        {
            throw new FormatException($"listing {listingUrl} refused: {loaded.RejectionReason}");
        }

        var links = new List<string>();
        foreach (var href in Evaluate(loaded.Document.DocumentNode, config.ItemLinkXPath, hrefOfElements: true))
        {
            if (!Uri.TryCreate(listingUrl, href, out var absolute) || (absolute.Scheme != Uri.UriSchemeHttps && absolute.Scheme != Uri.UriSchemeHttp))
            {
                continue;
            }

            var url = absolute.GetLeftPart(UriPartial.Query);
            var allowed = config.ItemUrlPrefixes.Count > 0
                ? config.ItemUrlPrefixes.Any(p => url.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                : string.Equals(absolute.Host, listingUrl.Host, StringComparison.OrdinalIgnoreCase);
            if (allowed && !links.Contains(url, StringComparer.OrdinalIgnoreCase))
            {
                links.Add(url);
            }
        }

        return links;
    }

    private static PageReadResult Read(HtmlDocument document, string pageUrl, BulletinSiteConfig config, string hash)
    {
        var root = document.DocumentNode;
        if (config.RequiredXPath.Length > 0 && Evaluate(root, config.RequiredXPath).Count == 0)
        {
            return PageReadResult.Rejected($"page does not match the required element of '{config.Name}' ({config.RequiredXPath})");
        }

        var title = First(root, config.TitleXPath);
        if (title.Length == 0)
        {
            return PageReadResult.Rejected($"no title found with '{config.TitleXPath}'");
        }

        var canonical = root.SelectSingleNode("//link[@rel='canonical']")?.GetAttributeValue("href", null) is { Length: > 0 } c && FeedReader.IsHttpUrl(SafeHtml.Normalise(c))
            ? SafeHtml.Normalise(c) : pageUrl;
        var id = First(root, config.IdXPath);
        if (id.Length == 0 && config.IdFromUrlPattern.Length > 0 &&
            Regex.Match(canonical, config.IdFromUrlPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) is { Success: true } m)
        {
            id = m.Groups["id"].Success ? m.Groups["id"].Value : m.Value;
        }

        if (id.Length == 0)
        {
            id = TextPatterns.Slug(canonical);
        }

        var date = Evaluate(root, config.DateXPath).Select(FeedDates.Parse).FirstOrDefault(d => d is not null);
        var body = config.BodyXPath.Length > 0 ? string.Join(" ", Evaluate(root, config.BodyXPath)) : SafeHtml.Text(root.SelectSingleNode("//body") ?? root);
        var cveText = config.CveXPath.Length > 0 ? string.Join(" ", Evaluate(root, config.CveXPath)) : body;
        var cves = TextPatterns.Cves(cveText);

        var vendors = Distinct(Evaluate(root, config.VendorXPath));
        if (vendors.Count == 0 && config.DefaultVendor.Length > 0)
        {
            vendors = [config.DefaultVendor];
        }

        var productNames = Distinct(Evaluate(root, config.ProductXPath));
        var products = new List<AdvisoryProduct>();
        for (var i = 0; i < productNames.Count; i++)
        {
            var vendor = vendors.Count == productNames.Count ? vendors[i] : vendors.FirstOrDefault() ?? "";
            products.Add(new AdvisoryProduct
            {
                ProductId = $"BUL-P{i + 1:D4}",
                Vendor = vendor,
                ProductName = productNames[i],
                FullName = vendor.Length > 0 && !productNames[i].StartsWith(vendor, StringComparison.OrdinalIgnoreCase) ? $"{vendor} {productNames[i]}" : productNames[i],
            });
        }

        if (products.Count == 0)
        {
            // A vendor without a product list: keep the vendor, so a vendor-level review is still possible.
            products.AddRange(vendors.Select((v, i) => new AdvisoryProduct { ProductId = $"BUL-P{i + 1:D4}", Vendor = v, ProductName = "", FullName = v }));
        }

        var productIds = products.Select(p => p.ProductId).ToList();
        var remediations = Distinct(Evaluate(root, config.MitigationXPath))
            .Select(t => new AdvisoryRemediation(RemediationCategory.Mitigation, t, canonical, productIds))
            .ToList();
        var status = new Dictionary<ProductStatus, IReadOnlyList<string>> { [ProductStatus.KnownAffected] = productIds };
        var vulnerabilities = cves.Count > 0
            ? cves.Select(cve => new Vulnerability { Cve = cve, ProductStatus = status, Remediations = remediations }).ToList()
            : [new Vulnerability { Title = title, ProductStatus = status, Remediations = remediations }];

        return PageReadResult.Success(new Advisory
        {
            Id = id.ToUpperInvariant(),
            Kind = config.Kind,
            Title = title,
            Publisher = config.Publisher,
            InitialReleaseDate = date,
            CurrentReleaseDate = date,
            Summary = body.Length > 1000 ? body[..1000] + "…" : body,
            Products = products,
            Vulnerabilities = vulnerabilities,
            References = [new AdvisoryReference(canonical, "self", config.Name)],
            WebUrl = canonical,
            ContentHash = hash,
        });
    }

    private static string First(HtmlNode root, string xpath) => Evaluate(root, xpath).FirstOrDefault() ?? "";

    private static List<string> Distinct(IEnumerable<string> values) =>
        values.Select(v => v.Trim(' ', ':', ',', ';')).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Evaluates an XPath: node sets give each node's normalised text (or attribute value), other results one string.</summary>
    internal static IReadOnlyList<string> Evaluate(HtmlNode root, string xpath, bool hrefOfElements = false)
    {
        if (string.IsNullOrWhiteSpace(xpath))
        {
            return [];
        }

        var result = root.CreateNavigator()!.Evaluate(xpath);
        var values = new List<string>();
        if (result is XPathNodeIterator nodes)
        {
            while (nodes.MoveNext())
            {
                var current = nodes.Current!;
                string text;
                if (current.NodeType == XPathNodeType.Attribute)
                {
                    text = SafeHtml.Normalise(current.Value);
                }
                else if (current is HtmlNodeNavigator html)
                {
                    text = hrefOfElements && html.CurrentNode.Name == "a"
                        ? SafeHtml.Normalise(html.CurrentNode.GetAttributeValue("href", ""))
                        : html.CurrentNode.NodeType == HtmlNodeType.Text
                            ? SafeHtml.Normalise(((HtmlTextNode)html.CurrentNode).Text)
                            : SafeHtml.Text(html.CurrentNode);
                }
                else
                {
                    text = SafeHtml.Normalise(current.Value);
                }

                if (text.Length > 0)
                {
                    values.Add(text);
                }
            }
        }
        else if (result is string s && SafeHtml.Normalise(s) is { Length: > 0 } single)
        {
            values.Add(single);
        }
        else if (result is bool b && b)
        {
            values.Add("true");
        }
        else if (result is double d && !double.IsNaN(d))
        {
            values.Add(d.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return values;
    }
}
