using System.Security.Cryptography;
using System.Text;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Csaf.Distribution;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Adapters.Sources.Csaf;

/// <summary>
/// CSAF documents in a folder on disk (air-gapped sites copy them in). A <c>.sha512</c>/<c>.sha256</c> and <c>.asc</c>
/// beside a file are checked like a provider's. Files newer than the cursor (last write time) are read; when the
/// set of older files changed (a file copied in with an old timestamp, or replaced), every file is read again,
/// which the idempotent sink absorbs. Provider files (<c>provider-metadata.json</c>, ROLIE feeds) are skipped.
/// </summary>
public sealed class CsafFolderSource : IScheduledAdvisorySource
{
    private const string OlderFilesKey = "folder|older-files";
    private readonly CsafSourceOptions _options;
    private readonly CsafDocumentGate _gate;
    private readonly ILogger _logger;

    internal CsafFolderSource(CsafSourceOptions options, CsafDocumentGate gate, ILogger logger)
    {
        _options = options;
        _gate = gate;
        _logger = logger;
    }

    public string Name => _options.Name;

    public TimeSpan MinimumInterval => _options.MinimumInterval;

    public async Task SyncAsync(SourceState state, IAdvisorySink sink, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(_options.Location);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"source {Name}: folder '{root}' does not exist");
        }

        var files = Directory.EnumerateFiles(root, "*.json", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive })
            .Where(f => !IsProviderFile(Path.GetFileName(f)))
            .Select(f => new FileInfo(f))
            .Select(f => (Path: f.FullName, Relative: Path.GetRelativePath(root, f.FullName), f.Length, Updated: new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero)))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();

        var cursor = CsafListingParser.ParseTimestamp(state.Cursor);
        var olderUnchanged = cursor is { } c && state.Extra.GetValueOrDefault(OlderFilesKey) == Fingerprint(files.Where(f => f.Updated <= c));
        var entries = files.Select(f => CsafDistributionEntry.WithConventionalFiles(null, new Uri(f.Path), f.Updated));
        var processor = new CsafEntryProcessor(_gate, new FileCsafResourceReader(root), _options.MaxDocumentBytes, _logger);
        DateTimeOffset? reached = olderUnchanged ? cursor : null;
        var failures = await processor.ProcessAsync(entries, olderUnchanged ? cursor : null, state, sink, updated => reached = updated, cancellationToken);

        if (reached is { } newCursor)
        {
            state.Cursor = CsafEntryProcessor.FormatCursor(newCursor);
            state.Extra[OlderFilesKey] = Fingerprint(files.Where(f => f.Updated <= newCursor));
        }
        else
        {
            state.Cursor = null;
            state.Extra.Remove(OlderFilesKey);
        }

        if (failures.Count > 0)
        {
            throw new CsafSyncException(Name, failures);
        }
    }

    private static bool IsProviderFile(string name) =>
        name.Equals("provider-metadata.json", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("service.json", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("aggregator.json", StringComparison.OrdinalIgnoreCase) ||
        name.Contains("-feed-tlp-", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("csaf-feed-", StringComparison.OrdinalIgnoreCase);

    private static string Fingerprint(IEnumerable<(string Path, string Relative, long Length, DateTimeOffset Updated)> files)
    {
        var text = new StringBuilder();
        foreach (var f in files)
        {
            text.Append(f.Relative).Append('|').Append(f.Length).Append('|').Append(f.Updated.UtcTicks).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }
}
