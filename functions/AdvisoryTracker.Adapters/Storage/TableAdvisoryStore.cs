using System.Globalization;
using System.Runtime.CompilerServices;
using AdvisoryTracker.Adapters.Serialization;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Storage;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Storage;

/// <summary>
/// Advisories table: PartitionKey "advisory", RowKey = encoded advisory id; summary columns for listing and filtering,
/// the normalised advisory as compressed JSON. AdvisoryRevisions table: PartitionKey = encoded advisory id,
/// RowKey = revision, one row per revision seen.
/// </summary>
public sealed class TableAdvisoryStore(TrackerStorage storage, TimeProvider time) : IAdvisoryStore
{
    public const string Partition = "advisory";

    public async Task<StoredAdvisory?> GetAsync(string advisoryId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Advisories, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Encode(advisoryId), cancellationToken: cancellationToken);
        return response.HasValue ? ToStored(response.Value!) : null;
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
            ["Severity"] = advisory.HighestCvss?.BaseSeverity.ToUpperInvariant(),
            ["Vendors"] = Cap(string.Join('|', advisory.VendorNames), 2000),
            ["Cves"] = Cap(string.Join('|', advisory.Cves), 8000),
            ["ContentHash"] = advisory.ContentHash,
            ["SourceName"] = sourceName,
            ["StoredAt"] = now,
        };
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
