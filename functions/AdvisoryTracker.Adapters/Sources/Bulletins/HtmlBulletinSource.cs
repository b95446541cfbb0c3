using AdvisoryTracker.Domain.Bulletins;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Adapters.Sources.Bulletins;

/// <summary>
/// A bulletin site described by settings: its listing (HTML page or feed) gives the bulletin pages, each read with the
/// site's XPath configuration by <see cref="BulletinPageReader"/>.
/// </summary>
public sealed class HtmlBulletinSource(BulletinSiteConfig config, PageIngestor ingestor, ILogger<HtmlBulletinSource> logger) : IAdvisorySource
{
    public string Name => config.Name;

    public async Task SyncAsync(SourceState state, IAdvisorySink sink, CancellationToken cancellationToken)
    {
        var listingUrl = new Uri(config.ListingUrl);
        var maxBytes = (long)config.MaxPageChars * 4;
        var listing = await ingestor.FetchListingAsync(listingUrl, state, maxBytes, cancellationToken);
        if (listing.NotModified)
        {
            SourceLog.NotModified(logger, Name);
            return;
        }

        IReadOnlyList<ListedItem> items;
        if (config.ListingKind == BulletinListingKind.Feed)
        {
            items = PageIngestor.ReadFeed(listing, cancellationToken: cancellationToken);
        }
        else
        {
            items = BulletinPageReader.ReadListingLinks(listing.Body, listing.Url, config)
                .Select(link => new ListedItem(link, null, ""))
                .ToList();
            if (items.Count == 0)
            {
                // A listing that yields nothing is a broken selector or an error page, never "no bulletins".
                throw new InvalidDataException($"listing {listing.Url} gave no bulletin links with '{config.ItemLinkXPath}'");
            }
        }

        await ingestor.IngestAsync(
            Name,
            listing,
            items,
            (body, url) => BulletinPageReader.Read(body, url, config),
            config.MaxItemsPerRun,
            maxBytes,
            state,
            sink,
            cancellationToken);
    }
}
