using System.Xml;
using System.Xml.Linq;
using AdvisoryTracker.Domain.Html;

namespace AdvisoryTracker.Domain.Feeds;

/// <summary>
/// Reads RSS 2.0 and Atom 1.0 feeds from bytes already fetched. No DTDs, no external entities, a character cap; an
/// HTML error page or any other non-feed answer is a rejection with a reason, never an exception.
/// </summary>
public static class FeedReader
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    /// <summary>Deepest element nesting accepted (real RSS and Atom feeds nest 3 to 6 deep).</summary>
    public const int MaxDepth = 32;

    /// <summary>Most elements accepted in one feed (a feed of 1,000 items has about 10,000).</summary>
    public const int MaxElements = 200_000;

    /// <summary>
    /// Reads an RSS 2.0 or Atom feed. A streaming pass first refuses documents nested deeper than <see cref="MaxDepth"/>
    /// or with more than <see cref="MaxElements"/> elements (in time linear in the bytes read, stopping at the limit),
    /// and honours <paramref name="cancellationToken"/>; only then is the tree built.
    /// </summary>
    public static FeedReadResult Read(ReadOnlyMemory<byte> xml, long maxCharacters = 50_000_000, CancellationToken cancellationToken = default)
    {
        XDocument document;
        try
        {
            if (Scan(xml, maxCharacters, cancellationToken) is { } refusal)
            {
                return new FeedReadResult(null, refusal);
            }

            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = maxCharacters,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
            };
            using var stream = new MemoryStream(xml.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            document = XDocument.Load(reader, LoadOptions.SetBaseUri);
        }
        catch (XmlException ex)
        {
            return new FeedReadResult(null, $"not a well-formed XML feed: {ex.Message}");
        }

        var root = document.Root!;
        if (root.Name == Atom + "feed")
        {
            return new FeedReadResult(ReadAtom(root), null);
        }

        if (root.Name.LocalName == "rss" && root.Element("channel") is { } channel)
        {
            return new FeedReadResult(ReadRss(root, channel), null);
        }

        return new FeedReadResult(null, $"not an RSS 2.0 or Atom feed (root element <{root.Name.LocalName}>)");
    }

    private static XmlReaderSettings Settings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
    };

    /// <summary>The streaming limits pass: null when within depth and element limits, else why not.</summary>
    private static string? Scan(ReadOnlyMemory<byte> xml, long maxCharacters, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(xml.ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, Settings(maxCharacters));
        var elements = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth >= MaxDepth)
            {
                return $"feed nests elements deeper than {MaxDepth} levels";
            }

            if (++elements > MaxElements)
            {
                return $"feed has more than {MaxElements} elements";
            }

            if ((elements & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return null;
    }

    private static Feed ReadRss(XElement root, XElement channel)
    {
        var xmlBase = (string?)root.Attribute(XNamespace.Xml + "base") ?? (string?)channel.Attribute(XNamespace.Xml + "base");
        var items = new List<FeedItem>();
        foreach (var item in channel.Elements("item"))
        {
            var link = Resolve(xmlBase, Clean(item.Element("link")?.Value));
            var guid = Clean(item.Element("guid")?.Value);
            var date = FeedDates.Parse(item.Element("pubDate")?.Value) ?? FeedDates.Parse(item.Element(Dc + "date")?.Value);
            if (link.Length == 0 && guid.Length == 0)
            {
                continue;
            }

            items.Add(new FeedItem
            {
                Title = Clean(item.Element("title")?.Value),
                Link = link.Length > 0 ? link : Resolve(xmlBase, guid),
                Id = guid.Length > 0 ? guid : link,
                Published = date,
                Updated = date,
                Summary = item.Element("description")?.Value ?? "",
            });
        }

        return new Feed(Clean(channel.Element("title")?.Value), items);
    }

    private static Feed ReadAtom(XElement feed)
    {
        var items = new List<FeedItem>();
        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            var id = Clean(entry.Element(Atom + "id")?.Value);
            var links = entry.Elements(Atom + "link").ToList();
            var alternate = links.FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate") ?? links.FirstOrDefault();
            var link = Clean((string?)alternate?.Attribute("href"));
            if (link.Length == 0 && IsHttpUrl(id))
            {
                link = id;
            }

            if (link.Length == 0 && id.Length == 0)
            {
                continue;
            }

            var updated = FeedDates.Parse(entry.Element(Atom + "updated")?.Value);
            var published = FeedDates.Parse(entry.Element(Atom + "published")?.Value) ?? updated;
            items.Add(new FeedItem
            {
                Title = Clean(entry.Element(Atom + "title")?.Value),
                Link = link.Length > 0 ? link : id,
                Id = id.Length > 0 ? id : link,
                Published = published,
                Updated = updated ?? published,
                Summary = entry.Element(Atom + "summary")?.Value ?? entry.Element(Atom + "content")?.Value ?? "",
            });
        }

        return new Feed(Clean(feed.Element(Atom + "title")?.Value), items);
    }

    private static string Clean(string? text) => SafeHtml.Normalise(text, decodeEntities: false);

    private static string Resolve(string? xmlBase, string link)
    {
        if (link.Length == 0 || IsHttpUrl(link) || xmlBase is null ||
            !Uri.TryCreate(xmlBase, UriKind.Absolute, out var baseUri))
        {
            return link;
        }

        return Uri.TryCreate(baseUri, link, out var absolute) ? absolute.ToString() : link;
    }

    /// <summary>True for absolute http(s) URLs (on Unix "/path" would otherwise parse as a file URL).</summary>
    public static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);
}
