using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Domain.Feeds;
using AdvisoryTracker.Domain.Html;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Adapters.Sources.Bulletins;

/// <summary>
/// Fetches the listing of a page-driven source and ingests its pending pages one by one: a page read becomes an advisory
/// in the sink, a page refused by the reader (or gone: 404/410) is recorded as a rejection with its reason, and only
/// then does the cursor move past it. A transient failure (timeout, 5xx, 429 after retries) stops the run and throws,
/// leaving the cursor before that page; the listing's validators are saved only when every pending page was handled.
/// </summary>
public sealed class PageIngestor(SourceHttpClient http, ILogger<PageIngestor> logger)
{
    /// <summary>Conditional GET of the listing with the validators saved by the last complete run.</summary>
    public Task<FetchedResource> FetchListingAsync(Uri url, SourceState state, long maxBytes, CancellationToken cancellationToken) =>
        http.GetAsync(url, new ConditionalValidators(state.ETag, state.LastModified), maxBytes, cancellationToken);

    /// <summary>Reads a fetched feed into listed items, or throws (source-wide failure) when the body is not a feed.</summary>
    public static IReadOnlyList<ListedItem> ReadFeed(FetchedResource listing, Func<FeedItem, bool>? keep = null, CancellationToken cancellationToken = default)
    {
        var feed = FeedReader.Read(listing.Body, cancellationToken: cancellationToken);
        if (!feed.Succeeded)
        {
            throw new InvalidDataException($"listing {listing.Url} is not a usable feed: {feed.RejectionReason}");
        }

        return feed.Feed!.Items
            .Where(i => keep is null || keep(i))
            .Select(i => new ListedItem(i.Link, i.Updated ?? i.Published, i.Title))
            .ToList();
    }

    public async Task IngestAsync(
        string sourceName,
        FetchedResource listing,
        IReadOnlyList<ListedItem> items,
        Func<byte[], string, PageReadResult> readPage,
        int maxItemsPerRun,
        long maxPageBytes,
        SourceState state,
        IAdvisorySink sink,
        CancellationToken cancellationToken)
    {
        var pending = ListingCursor.Pending(items, state);
        var batch = pending.Take(Math.Max(1, maxItemsPerRun)).ToList();
        foreach (var item in batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!FeedReader.IsHttpUrl(item.Link))
            {
                await RejectAsync(sourceName, item, $"item link '{item.Link}' is not an http(s) URL", state, sink, cancellationToken);
                continue;
            }

            FetchedResource page;
            try
            {
                page = await http.GetAsync(new Uri(item.Link), null, maxPageBytes, cancellationToken);
            }
            catch (SourceFetchException ex) when (IsPermanent(ex))
            {
                await RejectAsync(sourceName, item, ex.Message, state, sink, cancellationToken);
                continue;
            }

            var result = readPage(page.Body, page.Url.ToString());
            if (result.Advisory is { } advisory)
            {
                var outcome = await sink.StoreAsync(advisory, page.Body, sourceName, page.Url.ToString(), cancellationToken);
                if (outcome is AdvisoryStoreOutcome.Created or AdvisoryStoreOutcome.Revised)
                {
                    state.DocumentsStored++;
                }

                state.DocumentsSeen++;
                SourceLog.PageStored(logger, sourceName, item.Link, advisory.Id, outcome);
                ListingCursor.Advance(state, item);
            }
            else
            {
                await RejectAsync(sourceName, item, result.RejectionReason ?? "unreadable page", state, sink, cancellationToken);
            }
        }

        if (batch.Count == pending.Count)
        {
            // Everything the listing offered is handled: the next run may skip an unchanged listing.
            state.ETag = listing.ETag;
            state.LastModified = listing.LastModified;
        }
        else
        {
            SourceLog.BatchLimited(logger, sourceName, batch.Count, pending.Count);
        }
    }

    private async Task RejectAsync(string sourceName, ListedItem item, string reason, SourceState state, IAdvisorySink sink, CancellationToken cancellationToken)
    {
        await sink.RecordRejectionAsync(sourceName, item.Link, reason, cancellationToken);
        state.DocumentsSeen++;
        state.DocumentsRejected++;
        // Logged once, by the sink that records the rejection.
        ListingCursor.Advance(state, item);
    }

    /// <summary>
    /// A page that is gone or too large will not get better by retrying. A URL refused by the SSRF guard is not
    /// permanent: it is a setting (HTTPS upgrade list, allow-list) the operator can fix, so the run fails with the reason
    /// and the cursor stays before the page, which is fetched again on the next run.
    /// </summary>
    private static bool IsPermanent(SourceFetchException ex) =>
        !ex.IsRefusedByGuard && (ex.IsNotFound || ex.IsOverSizeLimit);
}
