using System.Globalization;
using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Adapters.Sources.Bulletins;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Adapters.Sources.Kev;

/// <summary>
/// Refreshes the KEV catalogue into <see cref="IKnownExploitedStore"/> (enrichment, not advisories: the sink is not
/// used). Conditional GET; a broken or truncated catalogue throws (source-wide failure) and changes nothing stored.
/// The CVEs newly added since the last refresh are logged; then <see cref="KnownExploitedEventService"/> marks the stored
/// advisories they appear in and notifies the flagged matches, once. If that pass fails the validators are not saved,
/// so the next run fetches again and the (idempotent) pass repairs it.
/// </summary>
public sealed class KevRefreshSource(
    KevOptions options,
    SourceHttpClient http,
    IKnownExploitedStore store,
    ILogger<KevRefreshSource> logger,
    KnownExploitedEventService? events = null) : IAdvisorySource
{
    public string Name => "cisa-kev";

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
        var newlyExploited = await store.SaveAsync(catalogue, cancellationToken);
        state.DocumentsStored += newlyExploited.Count;
        state.DocumentsRejected += result.SkippedEntries.Count;
        foreach (var entry in newlyExploited.Take(50))
        {
            SourceLog.NewlyExploited(logger, Name, entry.CveId, entry.DateAdded?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?");
        }

        SourceLog.KevStored(logger, Name, catalogue.CatalogVersion, catalogue.Vulnerabilities.Count, newlyExploited.Count);
        if (events is not null)
        {
            await events.RaiseAsync(await store.GetIndexAsync(cancellationToken), cancellationToken);
        }

        state.Cursor = catalogue.CatalogVersion;
        state.ETag = fetched.ETag;
        state.LastModified = fetched.LastModified;
    }
}
