using System.Globalization;
using System.Runtime.CompilerServices;
using AdvisoryTracker.Adapters.Serialization;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Paging;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>
/// Advisories table: PartitionKey "advisory", RowKey = encoded advisory id; summary columns for listing and filtering,
/// the normalised advisory as compressed JSON. AdvisoryRevisions table: PartitionKey = encoded advisory id,
/// RowKey = revision, one row per revision seen.
/// Listing reads the summary columns only. Since, severity and exploited (<c>Exploited eq true</c>) run in the table
/// query; the vendor filter (a substring of the '|'-joined Vendors column) and <c>exploited=false</c> (false or
/// missing) are applied to each page after it is read, so a page may hold fewer items than asked for.
/// Exploited in the wild (CISA KEV): <c>Exploited</c>, <c>KevCves</c> ('|'-joined CVEs in KEV), <c>KevDateAdded</c>
/// (earliest) and <c>KevRequiredAction</c>, set on save from the stored catalogue and merged in by the KEV refresh.
/// </summary>
public sealed class TableAdvisoryStore(TrackerStorage storage, TimeProvider time, IKnownExploitedStore knownExploited)
    : IAdvisoryStore, IAdvisoryCatalog, IAdvisoryExploitationMarks
{
    private static readonly string[] SummaryColumns =
    [
        "AdvisoryId", "Title", "Kind", "Publisher", "Revision", "CurrentReleaseDate", "Severity", "MaxCvss", "Vendors", "Cves", "Exploited", "SourceName",
    ];

    public const string Partition = "advisory";

    public async Task<StoredAdvisory?> GetAsync(string advisoryId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Advisories, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Encode(advisoryId), cancellationToken: cancellationToken);
        return response.HasValue ? ToStored(response.Value!) : null;
    }

    /// <summary>The advisory's key must encode within a table key and its compressed JSON within an entity.</summary>
    public string? StorageProblem(Advisory advisory)
    {
        ArgumentNullException.ThrowIfNull(advisory);
        try
        {
            TableKeys.Encode(advisory.Id);
            TableKeys.Encode(RevisionKey(advisory.Revision));
        }
        catch (ArgumentException)
        {
            return $"tracking id or version is too long for a table key once encoded ({TableKeys.MaxKeyLength} characters)";
        }

        return CompressedJson.Problem(CompressedJson.Compress(advisory, TrackerJsonContext.Default.Advisory));
    }

    public async Task SaveAsync(Advisory advisory, string sourceName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entity = new TableEntity(Partition, TableKeys.Encode(advisory.Id))
        {
            ["AdvisoryId"] = advisory.Id,
            ["Title"] = Cap(advisory.Title, 1000),
            ["Kind"] = advisory.Kind.ToString(),
            ["Publisher"] = Cap(advisory.Publisher, 200),
            ["Revision"] = advisory.Revision,
            ["CurrentReleaseDate"] = advisory.CurrentReleaseDate,
            ["InitialReleaseDate"] = advisory.InitialReleaseDate,
            ["MaxCvss"] = advisory.HighestCvss?.BaseScore,
            ["Severity"] = SeverityLevels.Label(advisory),
            ["Vendors"] = Cap(string.Join('|', advisory.VendorNames), 2000),
            ["Cves"] = Cap(string.Join('|', advisory.Cves), 8000),
            ["ContentHash"] = advisory.ContentHash,
            ["SourceName"] = sourceName,
            ["StoredAt"] = now,
        };
        var cves = advisory.Cves.ToList();
        var exploited = cves.Count == 0 ? [] : await knownExploited.FindAsync(cves, cancellationToken);
        foreach (var (name, value) in ExploitedColumns(exploited))
        {
            entity[name] = value;
        }

        CompressedJson.Write(entity, advisory, TrackerJsonContext.Default.Advisory);
        var advisories = await storage.TableAsync(TrackerStorage.Advisories, cancellationToken);
        await advisories.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);

        var revisions = await storage.TableAsync(TrackerStorage.AdvisoryRevisions, cancellationToken);
        await revisions.UpsertEntityAsync(
            new TableEntity(TableKeys.Encode(advisory.Id), TableKeys.Encode(RevisionKey(advisory.Revision)))
            {
                ["Revision"] = advisory.Revision,
                ["ContentHash"] = advisory.ContentHash,
                ["CurrentReleaseDate"] = advisory.CurrentReleaseDate,
                ["SourceName"] = sourceName,
                ["StoredAt"] = now,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async IAsyncEnumerable<StoredAdvisory> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Advisories, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return ToStored(entity);
        }
    }

    public async Task<ResultPage<AdvisorySummary>> QueryAsync(AdvisoryQuery query, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Advisories, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        if (query.Since is { } since)
        {
            filter += " and " + TableClient.CreateQueryFilter($"CurrentReleaseDate ge {since}");
        }

        if (query.Severity is { } severity)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Severity eq {severity.ToUpperInvariant()}");
        }

        if (query.Exploited == true)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Exploited eq {true}");
        }

        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: query.PageSize, select: SummaryColumns, cancellationToken: cancellationToken)
            .AsPages(query.ContinuationToken, query.PageSize);
        await foreach (var page in pages)
        {
            var items = page.Values.Select(ToSummary)
                .Where(a => query.Exploited != false || !a.Exploited)
                .Where(a => query.Vendor is not { } vendor || a.Vendors.Any(v => v.Contains(vendor.Trim(), StringComparison.OrdinalIgnoreCase)))
                .ToList();
            return new ResultPage<AdvisorySummary>(items, page.ContinuationToken);
        }

        return new ResultPage<AdvisorySummary>([], null);
    }

    public async Task<IReadOnlyList<AdvisoryRevisionRecord>> GetRevisionsAsync(string advisoryId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.AdvisoryRevisions, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(advisoryId)}");
        var result = new List<AdvisoryRevisionRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(new AdvisoryRevisionRecord(
                entity.GetString("Revision") ?? TableKeys.Decode(entity.RowKey),
                entity.GetString("ContentHash") ?? "",
                entity.GetDateTimeOffset("CurrentReleaseDate"),
                entity.GetString("SourceName") ?? "",
                entity.GetDateTimeOffset("StoredAt")));
        }

        return result;
    }

    public async IAsyncEnumerable<AdvisoryExploitation> ListWithCvesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Advisories, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        string[] columns = ["AdvisoryId", "Revision", "Cves", "KevCves"];
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: columns, cancellationToken: cancellationToken))
        {
            var cves = Split(entity.GetString("Cves"));
            if (cves.Length > 0)
            {
                yield return new AdvisoryExploitation(
                    entity.GetString("AdvisoryId") ?? TableKeys.Decode(entity.RowKey),
                    entity.GetString("Revision") ?? "",
                    cves,
                    Split(entity.GetString("KevCves")));
            }
        }
    }

    public async Task MarkExploitedAsync(string advisoryId, IReadOnlyList<KnownExploitedInfo> exploited, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, TableKeys.Encode(advisoryId));
        foreach (var (name, value) in ExploitedColumns(exploited))
        {
            entity[name] = value;
        }

        var table = await storage.TableAsync(TrackerStorage.Advisories, cancellationToken);
        // Merge: the advisory's own columns and JSON stay as stored.
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    private static IEnumerable<(string Name, object? Value)> ExploitedColumns(IReadOnlyList<KnownExploitedInfo> exploited)
    {
        var first = exploited.OrderBy(e => e.DateAdded ?? DateOnly.MaxValue).ThenBy(e => e.CveId, StringComparer.Ordinal).FirstOrDefault();
        yield return ("Exploited", exploited.Count > 0);
        yield return ("KevCves", Cap(string.Join('|', exploited.Select(e => e.CveId).Order(StringComparer.Ordinal)), 8000));
        yield return ("KevDateAdded", first?.DateAdded?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
        yield return ("KevRequiredAction", Cap(first?.RequiredAction ?? "", 4000));
    }

    private static AdvisorySummary ToSummary(TableEntity entity) =>
        new(
            entity.GetString("AdvisoryId") ?? TableKeys.Decode(entity.RowKey),
            entity.GetString("Title") ?? "",
            entity.GetString("Kind") ?? "",
            entity.GetString("Publisher") ?? "",
            entity.GetString("Revision") ?? "",
            entity.GetDateTimeOffset("CurrentReleaseDate"),
            entity.GetString("Severity"),
            entity.GetDouble("MaxCvss"),
            Split(entity.GetString("Vendors")),
            Split(entity.GetString("Cves")),
            entity.GetBoolean("Exploited") ?? false,
            entity.GetString("SourceName") ?? "");

    private static string[] Split(string? joined) => (joined ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Revision numbers sort as numbers ("10" after "9") in the key.</summary>
    internal static string RevisionKey(string revision) =>
        string.Join('.', revision.Split('.').Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n.ToString("D6", CultureInfo.InvariantCulture) : p));

    private static StoredAdvisory ToStored(TableEntity entity) =>
        new(
            CompressedJson.Read(entity, TrackerJsonContext.Default.Advisory),
            entity.GetString("SourceName") ?? "",
            entity.GetDateTimeOffset("StoredAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue);

    private static string Cap(string value, int max) => value.Length <= max ? value : value[..max];
}
