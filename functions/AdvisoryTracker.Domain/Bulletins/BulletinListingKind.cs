using System.Xml.XPath;

namespace AdvisoryTracker.Domain.Bulletins;

/// <summary>How the list of bulletins of a site is found.</summary>
public enum BulletinListingKind
{
    /// <summary>An HTML page; <see cref="BulletinSiteConfig.ItemLinkXPath"/> selects the links to bulletin pages.</summary>
    Html,
    /// <summary>An RSS 2.0 or Atom feed; every item link is a bulletin page.</summary>
    Feed,
}
