using System.Xml;
using System.Xml.Linq;

namespace AdvisoryTracker.Domain.Feeds;

public sealed record FeedReadResult(Feed? Feed, string? RejectionReason)
{
    public bool Succeeded => Feed is not null;
}
