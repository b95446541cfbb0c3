using System.Xml;
using System.Xml.Linq;

namespace AdvisoryTracker.Domain.Feeds;

public sealed record Feed(string Title, IReadOnlyList<FeedItem> Items);
