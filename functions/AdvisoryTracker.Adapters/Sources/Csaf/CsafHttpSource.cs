using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Csaf.Distribution;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Adapters.Sources.Csaf;

/// <summary>
/// A CSAF provider reached over HTTPS: a ROLIE feed, a directory (<c>changes.csv</c> / <c>index.txt</c>), a
/// <c>provider-metadata.json</c> or a domain to discover. Each listing is fetched with a conditional GET; its
/// validators are kept only after a run that left nothing to retry, so a 304 never hides a document that failed.
/// The per-listing cursor and validators live in <see cref="SourceState.Extra"/>, keyed by the listing URL.
/// </summary>
public sealed partial class CsafHttpSource : IScheduledAdvisorySource
{
    private readonly CsafSourceOptions _options;
    private readonly SourceHttpClient _http;
    private readonly CsafEntryProcessor _processor;
    private readonly ILogger _logger;

    internal CsafHttpSource(CsafSourceOptions options, CsafDocumentGate gate, SourceHttpClient http, ILogger logger)
    {
        _options = options;
        _http = http;
        _logger = logger;
        _processor = new CsafEntryProcessor(gate, new HttpCsafResourceReader(http), options.MaxDocumentBytes, logger);
    }

    public string Name => _options.Name;

    public TimeSpan MinimumInterval => _options.MinimumInterval;

    public async Task SyncAsync(SourceState state, IAdvisorySink sink, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var (url, isFeed) in await DiscoverAsync(state, cancellationToken))
        {
            try
            {
                failures.AddRange(await SyncListingAsync(url, isFeed, state, sink, cancellationToken));
            }
            catch (SourceFetchException ex)
            {
                LogListingFailed(_logger, Name, url, ex);
                failures.Add($"{url}: {ex.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new CsafSyncException(Name, failures);
        }
    }

    private async Task<IReadOnlyList<string>> SyncListingAsync(Uri url, bool isFeed, SourceState state, IAdvisorySink sink, CancellationToken cancellationToken)
    {
        var key = url.AbsoluteUri;
        var cursor = CsafListingParser.ParseTimestamp(state.Extra.GetValueOrDefault(key + "|cursor"));
        CsafListing listing;
        string validatorsKey;
        FetchedResource fetched;
        if (isFeed)
        {
            validatorsKey = key;
            fetched = await _http.GetAsync(url, Validators(state, validatorsKey), cancellationToken);
            if (fetched.NotModified)
            {
                return [];
            }

            listing = CsafListingParser.ParseRolieFeed(fetched.Body, fetched.Url);
        }
        else
        {
            var directory = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
            var changes = new Uri(directory, "changes.csv");
            try
            {
                validatorsKey = changes.AbsoluteUri;
                fetched = await _http.GetAsync(changes, Validators(state, validatorsKey), cancellationToken);
                listing = fetched.NotModified ? new CsafListing([], null) : CsafListingParser.ParseChangesCsv(fetched.Body, directory);
            }
            catch (SourceFetchException ex) when (ex.IsNotFound)
            {
                var index = new Uri(directory, "index.txt");
                validatorsKey = index.AbsoluteUri;
                fetched = await _http.GetAsync(index, Validators(state, validatorsKey), cancellationToken);
                listing = fetched.NotModified ? new CsafListing([], null) : CsafListingParser.ParseIndexTxt(fetched.Body, directory);
            }

            if (fetched.NotModified)
            {
                return [];
            }
        }

        if (listing.Error is { } error)
        {
            throw new SourceFetchException($"{url}: {error}");
        }

        var failures = await _processor.ProcessAsync(listing.Entries, cursor, state, sink, updated =>
        {
            state.Extra[key + "|cursor"] = CsafEntryProcessor.FormatCursor(updated);
            state.Cursor = CsafEntryProcessor.FormatCursor(updated);
        }, cancellationToken);

        if (failures.Count == 0)
        {
            SetValidators(state, validatorsKey, fetched);
        }
        else
        {
            SetValidators(state, validatorsKey, null);
        }

        return failures;
    }

    private async Task<IReadOnlyList<(Uri Url, bool IsFeed)>> DiscoverAsync(SourceState state, CancellationToken cancellationToken)
    {
        switch (_options.Kind)
        {
            case CsafSourceKind.RolieFeed:
                return [(new Uri(_options.Location), true)];
            case CsafSourceKind.Directory:
                return [(new Uri(_options.Location), false)];
            case CsafSourceKind.ProviderMetadata:
                return await ReadProviderMetadataAsync(new Uri(_options.Location), state, cancellationToken);
            case CsafSourceKind.Domain:
                var origin = _options.Location.Contains("://", StringComparison.Ordinal)
                    ? new Uri(_options.Location)
                    : new Uri("https://" + _options.Location.Trim().TrimEnd('/') + "/");
                try
                {
                    return await ReadProviderMetadataAsync(new Uri(origin, "/.well-known/csaf/provider-metadata.json"), state, cancellationToken);
                }
                catch (SourceFetchException ex)
                {
                    LogDiscoveryStep(_logger, Name, "/.well-known/csaf/provider-metadata.json", ex.Message);
                }

                var securityTxt = await _http.GetAsync(new Uri(origin, "/.well-known/security.txt"), null, 64 * 1024, cancellationToken);
                foreach (var candidate in CsafProviderMetadata.ParseSecurityTxt(securityTxt.Body))
                {
                    try
                    {
                        return await ReadProviderMetadataAsync(candidate, state, cancellationToken);
                    }
                    catch (SourceFetchException ex)
                    {
                        LogDiscoveryStep(_logger, Name, candidate.ToString(), ex.Message);
                    }
                }

                throw new SourceFetchException($"no usable CSAF provider metadata found for '{_options.Location}' (well-known path and security.txt CSAF: lines tried)");
            default:
                throw new InvalidOperationException($"source {Name}: kind {_options.Kind} is not an HTTP source");
        }
    }

    /// <summary>
    /// Reads the provider metadata with a conditional GET (its validators and the listings it named are kept in the
    /// source's state), so an unchanged <c>provider-metadata.json</c> costs a 304 and no parse.
    /// </summary>
    private async Task<IReadOnlyList<(Uri Url, bool IsFeed)>> ReadProviderMetadataAsync(Uri url, SourceState state, CancellationToken cancellationToken)
    {
        var key = url.AbsoluteUri;
        var remembered = state.Extra.GetValueOrDefault(key + "|listings");
        var fetched = await _http.GetAsync(url, remembered is null ? null : Validators(state, key), 1024 * 1024, cancellationToken);
        if (fetched.NotModified && remembered is not null)
        {
            return remembered.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => (new Uri(line[2..]), line[0] == 'F'))
                .ToList();
        }

        if (fetched.NotModified)
        {
            fetched = await _http.GetAsync(url, null, 1024 * 1024, cancellationToken);
        }

        var (metadata, error) = CsafProviderMetadata.Parse(fetched.Body, fetched.Url);
        if (metadata is null)
        {
            throw new SourceFetchException($"{url}: {error}");
        }

        // Prefer ROLIE feeds over directory listings (CSAF 2.0 section 7.3).
        var listings = metadata.RolieFeeds.Count > 0
            ? metadata.RolieFeeds.Select(f => (f, true)).ToList()
            : metadata.Directories.Select(d => (d, false)).ToList();
        state.Extra[key + "|listings"] = string.Join('\n', listings.Select(l => (l.Item2 ? "F " : "D ") + l.Item1.AbsoluteUri));
        state.Extra.Remove(key + "|etag");
        state.Extra.Remove(key + "|modified");
        if (fetched.ETag is { } etag)
        {
            state.Extra[key + "|etag"] = etag;
        }

        if (fetched.LastModified is { } modified)
        {
            state.Extra[key + "|modified"] = CsafEntryProcessor.FormatCursor(modified);
        }

        return listings;
    }

    private static ConditionalValidators Validators(SourceState state, string key) => new(
        state.Extra.GetValueOrDefault(key + "|etag"),
        CsafListingParser.ParseTimestamp(state.Extra.GetValueOrDefault(key + "|modified")));

    private static void SetValidators(SourceState state, string key, FetchedResource? fetched)
    {
        state.Extra.Remove(key + "|etag");
        state.Extra.Remove(key + "|modified");
        if (fetched?.ETag is { } etag)
        {
            state.Extra[key + "|etag"] = etag;
        }

        if (fetched?.LastModified is { } modified)
        {
            state.Extra[key + "|modified"] = CsafEntryProcessor.FormatCursor(modified);
        }

        state.ETag = fetched?.ETag;
        state.LastModified = fetched?.LastModified;
    }

    [LoggerMessage(EventId = 3210, Level = LogLevel.Warning, Message = "CSAF source {SourceName}: listing {Url} could not be read")]
    private static partial void LogListingFailed(ILogger logger, string sourceName, Uri url, Exception exception);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Information, Message = "CSAF source {SourceName}: discovery via {Step} failed: {Reason}")]
    private static partial void LogDiscoveryStep(ILogger logger, string sourceName, string step, string reason);
}
