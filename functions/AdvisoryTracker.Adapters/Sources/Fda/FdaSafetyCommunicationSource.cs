using AdvisoryTracker.Adapters.Sources.Bulletins;
using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Adapters.Sources.Fda;

/// <summary>
/// One FDA RSS feed (MedWatch safety alerts, recalls): keeps the medical-device items (link path, then text), fetches
/// each page through the guarded client and reads it with <see cref="FdaPageReader"/>. Food and drug items never
/// leave the feed; a device page that turns out not to be one is recorded as a rejection.
/// </summary>
public sealed class FdaSafetyCommunicationSource(
    FdaFeedOptions feed,
    FdaSafetyCommunicationsOptions options,
    PageIngestor ingestor,
    ILogger<FdaSafetyCommunicationSource> logger) : IAdvisorySource
{
    public string Name => feed.Name;

    public async Task SyncAsync(SourceState state, IAdvisorySink sink, CancellationToken cancellationToken)
    {
        var listing = await ingestor.FetchListingAsync(new Uri(feed.Url), state, options.MaxFeedBytes, cancellationToken);
        if (listing.NotModified)
        {
            SourceLog.NotModified(logger, Name);
            return;
        }

        var items = PageIngestor.ReadFeed(listing, item => FdaFeedFilter.Classify(item) switch
        {
            FdaItemKind.DeviceSafetyCommunication => true,
            FdaItemKind.DeviceRecall => options.IncludeDeviceRecalls,
            _ => false,
        }, cancellationToken);
        await ingestor.IngestAsync(
            Name,
            listing,
            items,
            (body, url) => FdaPageReader.Read(body, url, (int)Math.Min(int.MaxValue, options.MaxPageBytes)),
            options.MaxItemsPerRun,
            options.MaxPageBytes,
            state,
            sink,
            cancellationToken);
    }
}
