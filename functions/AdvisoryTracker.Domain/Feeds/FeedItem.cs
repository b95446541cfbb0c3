using System.Xml;
using System.Xml.Linq;

namespace AdvisoryTracker.Domain.Feeds;

/// <summary>One item of an RSS 2.0 or Atom feed, with text normalised (entities decoded once, whitespace collapsed).</summary>
public sealed record FeedItem
{
    public required string Title { get; init; }
    /// <summary>The item's page (RSS <c>link</c>, Atom alternate link or id); absolute when the feed gives a base.</summary>
    public required string Link { get; init; }
    /// <summary>RSS <c>guid</c> or Atom <c>id</c>; the link when absent.</summary>
    public required string Id { get; init; }
    /// <summary>Publication date (RSS pubDate / dc:date, Atom published, else updated); null when missing or unreadable.</summary>
    public DateTimeOffset? Published { get; init; }
    /// <summary>Atom <c>updated</c>, else the publication date.</summary>
    public DateTimeOffset? Updated { get; init; }
    /// <summary>The description/summary as the feed writes it after XML decoding (it may itself be HTML: treat as data).</summary>
    public string Summary { get; init; } = "";
}
