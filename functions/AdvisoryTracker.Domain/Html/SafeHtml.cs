using System.Text;
using HtmlAgilityPack;

namespace AdvisoryTracker.Domain.Html;

/// <summary>The outcome of loading an untrusted HTML page: the document, or the reason it was refused.</summary>
internal sealed record HtmlLoadResult(HtmlDocument? Document, string? RejectionReason)
{
    public bool Succeeded => Document is not null;
}

/// <summary>
/// Loads untrusted HTML with limits (size before parsing, nesting depth while parsing) and turns nodes into plain,
/// normalised text. Text taken from a page is data, never markup: entities are decoded exactly once and whitespace is
/// collapsed; callers must encode it again before rendering it.
/// </summary>
internal static class SafeHtml
{
    /// <summary>Default largest page parsed, in characters (5 M; real advisory pages are 20 to 80 K).</summary>
    public const int DefaultMaxChars = 5 * 1024 * 1024;

    /// <summary>Default deepest element nesting accepted (real pages nest about 30 deep).</summary>
    public const int DefaultMaxNesting = 256;

    /// <summary>
    /// Default most elements parsed (real advisory pages have 1 to 5 thousand). HtmlAgilityPack keeps about a
    /// kilobyte per node, so this bounds a page's parse to tens of megabytes whatever its size: a 4.5 MB page of
    /// 560 thousand &lt;p&gt; is refused before parsing instead of taking ~670 MB.
    /// </summary>
    public const int DefaultMaxElements = 50_000;

    public static HtmlLoadResult Load(ReadOnlySpan<byte> utf8Html, int maxChars = DefaultMaxChars, int maxNesting = DefaultMaxNesting)
    {
        if (utf8Html.Length > (long)maxChars * 4)
        {
            return new HtmlLoadResult(null, $"page of {utf8Html.Length} bytes is over the limit of {maxChars} characters");
        }

        return Load(Encoding.UTF8.GetString(utf8Html), maxChars, maxNesting);
    }

    public static HtmlLoadResult Load(string html, int maxChars = DefaultMaxChars, int maxNesting = DefaultMaxNesting)
    {
        if (html.Length > maxChars)
        {
            return new HtmlLoadResult(null, $"page of {html.Length} characters is over the limit of {maxChars} characters");
        }

        var (tags, open) = CountTags(html, DefaultMaxElements);
        if (tags > DefaultMaxElements)
        {
            return new HtmlLoadResult(null, open > maxNesting
                ? $"page has elements nested deeper than {maxNesting} levels (and more than {DefaultMaxElements} elements)"
                : $"page has more than {DefaultMaxElements} elements (the element budget; real advisory pages have a few thousand)");
        }

        var document = new HtmlDocument
        {
            OptionMaxNestedChildNodes = maxNesting,
            OptionFixNestedTags = false,
            OptionAutoCloseOnEnd = true,
            OptionReadEncoding = false,
        };
        try
        {
            document.LoadHtml(html);
        }
        catch (Exception ex) // HtmlAgilityPack signals its nesting limit with a plain Exception
        {
            return new HtmlLoadResult(null, $"page could not be parsed: {ex.Message}");
        }

        if (MaxDepth(document.DocumentNode) > maxNesting)
        {
            return new HtmlLoadResult(null, $"page nests elements deeper than {maxNesting} levels");
        }

        return new HtmlLoadResult(document, null);
    }

    /// <summary>The visible text of a node: entities decoded once, block elements separated, whitespace collapsed.</summary>
    public static string Text(HtmlNode? node)
    {
        if (node is null)
        {
            return "";
        }

        var sb = new StringBuilder();
        AppendText(node, sb);
        return Normalise(sb.ToString(), decodeEntities: false);
    }

    /// <summary>Decodes entities once (when asked) and collapses whitespace, including no-break spaces.</summary>
    public static string Normalise(string? text, bool decodeEntities = true)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var decoded = decodeEntities ? HtmlEntity.DeEntitize(text) : text;
        var sb = new StringBuilder(decoded.Length);
        var pendingSpace = false;
        foreach (var c in decoded)
        {
            if (char.IsWhiteSpace(c) || c == '\u00A0' || c == '\u200B')
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (char.IsControl(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "br", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "table", "section", "article", "hr",
    };

    private static void AppendText(HtmlNode root, StringBuilder sb)
    {
        // Iterative walk: a hostile page must not be able to exhaust the stack.
        var stack = new Stack<(HtmlNode Node, bool Closing)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, closing) = stack.Pop();
            if (closing)
            {
                sb.Append(' ');
                continue;
            }

            switch (node.NodeType)
            {
                case HtmlNodeType.Text:
                    sb.Append(HtmlEntity.DeEntitize(((HtmlTextNode)node).Text));
                    break;
                case HtmlNodeType.Comment:
                    break;
                default:
                    if (node.Name is "script" or "style" or "noscript" or "template")
                    {
                        break;
                    }

                    if (BlockElements.Contains(node.Name))
                    {
                        sb.Append(' ');
                        stack.Push((node, true));
                    }

                    for (var child = node.LastChild; child is not null; child = child.PreviousSibling)
                    {
                        stack.Push((child, false));
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Start tags in the text (<c>&lt;</c> followed by a letter), counted up to just past <paramref name="stopAfter"/>,
    /// and the most start tags open at once (a rough nesting depth: void elements count as open), to word a refusal.
    /// </summary>
    internal static (int Count, int MaxOpen) CountTags(string html, int stopAfter)
    {
        var count = 0;
        var open = 0;
        var maxOpen = 0;
        var at = html.IndexOf('<', StringComparison.Ordinal);
        while (at >= 0 && at + 1 < html.Length)
        {
            var next = html[at + 1];
            if (char.IsAsciiLetter(next))
            {
                maxOpen = Math.Max(maxOpen, ++open);
                if (++count > stopAfter)
                {
                    break;
                }
            }
            else if (next == '/' && open > 0)
            {
                open--;
            }

            at = html.IndexOf('<', at + 1);
        }

        return (count, maxOpen);
    }

    private static int MaxDepth(HtmlNode root)
    {
        var max = 0;
        var stack = new Stack<(HtmlNode Node, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            max = Math.Max(max, depth);
            for (var child = node.FirstChild; child is not null; child = child.NextSibling)
            {
                stack.Push((child, depth + 1));
            }
        }

        return max;
    }
}
