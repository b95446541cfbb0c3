using System.Globalization;
using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Domain.Tracking;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Adapters.Sources.Kev;

/// <summary>
/// Refreshes the KEV catalogue into <see cref="IKnownExploitedStore"/> (enrichment, not advisories: the sink is not
/// used). Conditional GET; a broken or truncated catalogue throws (source-wide failure) and changes nothing stored.
/// The CVEs newly added since the last refresh are logged; then <see cref="KnownExploitedEventService"/> marks the stored
/// advisories they appear in and notifies the flagged matches, once. If that pass fails the validators are not saved,
/// so the next run fetches again and the (idempotent) pass repairs it.
/// An enrichment source: the runner syncs it before the advisory sources, so on the first sync advisories are stored and
/// emailed with KEV already applied. The first load is recorded (<see cref="IKnownExploitedStore.RecordFirstLoadAsync"/>):
/// only entries CISA adds from that day on raise "now exploited" emails. Every load drops the in-process cached index.
/// </summary>
public sealed class KevRefreshSource(
    KevOptions options,
    SourceHttpClient http,
    IKnownExploitedStore store,
    ILogger<KevRefreshSource> logger,
    KnownExploitedEventService? events = null,
    TimeProvider? time = null,
    StoredKnownExploitedCatalog? catalogCache = null) : IEnrichmentSource, IScheduledAdvisorySource
{
    public string Name => "cisa-kev";

    /// <summary><c>Kev:Interval</c> (default one day: CISA updates the catalogue a few times a week).</summary>
    public TimeSpan MinimumInterval => options.Interval;

    private const int MaxNewEntriesLogged = 20;

    public async Task SyncAsync(SourceState state, IAdvisorySink sink, CancellationToken cancellationToken)
    {
        var fetched = await http.GetAsync(new Uri(options.Url), new ConditionalValidators(state.ETag, state.LastModified), options.MaxBytes, cancellationToken);
        if (fetched.NotModified)
        {
            SourceLog.NotModified(logger, Name);
            return;
        }

        var result = KevCatalogueReader.Read(fetched.Body);
        if (result.Catalogue is not { } catalogue)
        {
            throw new InvalidDataException($"{Name}: {options.Url} is not a usable KEV catalogue: {result.RejectionReason}");
        }

        state.DocumentsSeen += catalogue.Vulnerabilities.Count;
        var firstLoadedBefore = await store.GetFirstLoadedAsync(cancellationToken);
        var newlyExploited = await store.SaveAsync(catalogue, cancellationToken);
        var firstLoaded = firstLoadedBefore ?? await store.RecordFirstLoadAsync((time ?? TimeProvider.System).GetUtcNow(), cancellationToken);
        catalogCache?.Invalidate();
        state.DocumentsStored += newlyExploited.Count;
        state.DocumentsRejected += result.SkippedEntries.Count;
        if (firstLoadedBefore is null)
        {
            // The first load: every entry is "new" to this installation but none is news; one line says so.
            SourceLog.KevFirstLoad(logger, Name, catalogue.CatalogVersion, catalogue.Vulnerabilities.Count);
        }
        else
        {
            foreach (var entry in newlyExploited.Take(MaxNewEntriesLogged))
            {
                SourceLog.NewlyExploited(logger, Name, entry.CveId, entry.DateAdded?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?");
            }

            SourceLog.KevStored(logger, Name, catalogue.CatalogVersion, catalogue.Vulnerabilities.Count, newlyExploited.Count);
        }

        if (events is not null)
        {
            await events.RaiseAsync(await store.GetIndexAsync(cancellationToken), DateOnly.FromDateTime(firstLoaded.UtcDateTime), cancellationToken);
        }

        state.Cursor = catalogue.CatalogVersion;
        state.ETag = fetched.ETag;
        state.LastModified = fetched.LastModified;
    }
}
