using System.Runtime.CompilerServices;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Remediation;
using Azure;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>
/// Matches in both directions and the notification outbox.
/// DeviceMatches: PartitionKey = device id; RowKey "m|{advisory id}" holds the match, "o|{event key}" an outbox row —
/// one partition, so a match and its outbox rows are written in one transaction; the rows are then copied to the
/// outbox's pending index (see <see cref="TableNotificationOutbox"/>).
/// AdvisoryMatches: PartitionKey = advisory id, RowKey = device id: the same match indexed the other way.
/// Remediation: the columns Remediation, RemediationBy, RemediationAt and RemediationNote on both rows (matching
/// merges, so it never overwrites them; missing means open), and one history row per change in the device's partition,
/// RowKey "h|{advisory id}|{inverted ticks}" (newest first), written in the same transaction as the match row.
/// </summary>
public sealed class TableMatchStore(TrackerStorage storage, TimeProvider time) : IMatchStore, IRemediationStore
{
    internal const string MatchPrefix = "m|";
    internal const string HistoryPrefix = "h|";

    public async Task<IReadOnlyDictionary<string, StoredMatch>> GetForAdvisoryAsync(string advisoryId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.AdvisoryMatches, cancellationToken);
        var result = new Dictionary<string, StoredMatch>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(advisoryId)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var match = ToMatch(entity);
            result[match.DeviceId] = match;
        }

        return result;
    }

    public async Task<IReadOnlyDictionary<string, StoredMatch>> GetForDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var result = new Dictionary<string, StoredMatch>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {TableKeys.Encode(deviceId)} and RowKey ge {MatchPrefix} and RowKey lt {"m}"}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var match = ToMatch(entity);
            result[match.AdvisoryId] = match;
        }

        return result;
    }

    public async Task SaveAsync(StoredMatch match, IReadOnlyList<OutboxEntry> outbox, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var byAdvisory = await storage.TableAsync(TrackerStorage.AdvisoryMatches, cancellationToken);
        var index = ToEntity(match, TableKeys.Encode(match.AdvisoryId), TableKeys.Encode(match.DeviceId), now);
        await byAdvisory.UpsertEntityAsync(index, TableUpdateMode.Merge, cancellationToken);

        var byDevice = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var partition = TableKeys.Encode(match.DeviceId);
        var actions = new List<TableTransactionAction>
        {
            // Merge keeps the remediation status and its history, which admins own.
            new(TableTransactionActionType.UpsertMerge, ToEntity(match, partition, MatchPrefix + TableKeys.Encode(match.AdvisoryId), now)),
        };
        actions.AddRange(outbox.Select(o => new TableTransactionAction(TableTransactionActionType.UpsertReplace, TableNotificationOutbox.ToEntity(o, now))));
        foreach (var chunk in actions.Chunk(100))
        {
            await byDevice.SubmitTransactionAsync(chunk, cancellationToken);
        }

        if (outbox.Count > 0)
        {
            // The relay's index, after the transaction (another partition, so not in it): a copy exists only for a row
            // that exists. A crash right here leaves rows without copies, which the hourly sweep re-indexes.
            await TableNotificationOutbox.IndexAsync(storage, outbox, now, cancellationToken);
        }
    }

    /// <summary>
    /// Saves many matches that need no notification, in transactions: one per device partition and per 100 rows of an
    /// advisory partition (the same rows and merge as <see cref="SaveAsync"/>; used to seed large benchmarks).
    /// </summary>
    internal async Task SaveManyAsync(IReadOnlyList<StoredMatch> matches, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var byAdvisory = await storage.TableAsync(TrackerStorage.AdvisoryMatches, cancellationToken);
        var byDevice = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var batches = matches
            .GroupBy(m => TableKeys.Encode(m.DeviceId), StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(100).Select(c => (Table: byDevice, Rows: c.Select(m => ToEntity(m, g.Key, MatchPrefix + TableKeys.Encode(m.AdvisoryId), now)).ToList())))
            .Concat(matches
                .GroupBy(m => TableKeys.Encode(m.AdvisoryId), StringComparer.Ordinal)
                .SelectMany(g => g.Chunk(100).Select(c => (Table: byAdvisory, Rows: c.Select(m => ToEntity(m, g.Key, TableKeys.Encode(m.DeviceId), now)).ToList()))));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (batch, ct) =>
            await batch.Table.SubmitTransactionAsync(batch.Rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertMerge, r)), ct));
    }

    public async Task<IReadOnlyList<TrackedMatch>> ListForDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var matches = new List<TableEntity>();
        var history = new List<(string AdvisoryId, RemediationHistoryEntry Entry)>();
        await foreach (var entity in QueryTrackedRowsAsync(table, deviceId, cancellationToken))
        {
            if (entity.RowKey.StartsWith(MatchPrefix, StringComparison.Ordinal))
            {
                matches.Add(entity);
            }
            else
            {
                history.Add((entity.GetString("AdvisoryId") ?? "", ToHistoryEntry(entity)));
            }
        }

        var byAdvisory = history.ToLookup(h => h.AdvisoryId, h => h.Entry, StringComparer.Ordinal);
        return matches
            .Select(m => ToTracked(m, byAdvisory[m.GetString("AdvisoryId") ?? ""].OrderByDescending(e => e.At).ToList()))
            .ToList();
    }

    public async Task<IReadOnlyList<TrackedMatch>> ListForAdvisoryAsync(string advisoryId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.AdvisoryMatches, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(advisoryId)}");
        var result = new List<TrackedMatch>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(ToTracked(entity, []));
        }

        return result;
    }

    public async IAsyncEnumerable<TrackedMatch> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.AdvisoryMatches, cancellationToken);
        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            yield return ToTracked(entity, []);
        }
    }

    public async Task<bool> SaveRemediationAsync(string deviceId, string advisoryId, RemediationHistoryEntry entry, string etag, CancellationToken cancellationToken)
    {
        var byDevice = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var partition = TableKeys.Encode(deviceId);
        var columns = RemediationColumns(entry);
        var matchRow = new TableEntity(partition, MatchPrefix + TableKeys.Encode(advisoryId));
        var historyRow = new TableEntity(partition, $"{HistoryPrefix}{TableKeys.Encode(advisoryId)}|{InvertedTicks(entry.At)}")
        {
            ["AdvisoryId"] = advisoryId,
            ["Status"] = entry.Status.ToName(),
            ["By"] = entry.By,
            ["At"] = entry.At,
            ["Note"] = entry.Note,
        };
        foreach (var (name, value) in columns)
        {
            matchRow[name] = value;
        }

        try
        {
            await byDevice.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateMerge, matchRow, new ETag(etag)),
                    new TableTransactionAction(TableTransactionActionType.Add, historyRow),
                ],
                cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }

        var byAdvisory = await storage.TableAsync(TrackerStorage.AdvisoryMatches, cancellationToken);
        var index = new TableEntity(TableKeys.Encode(advisoryId), partition);
        foreach (var (name, value) in columns)
        {
            index[name] = value;
        }

        try
        {
            await byAdvisory.UpdateEntityAsync(index, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The index row is written with the match; if it is missing the next matching run writes it back.
        }

        return true;
    }

    public async Task<int> DeleteForDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        var byDevice = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var byAdvisory = await storage.TableAsync(TrackerStorage.AdvisoryMatches, cancellationToken);
        var rows = new List<TableEntity>();
        await foreach (var entity in QueryTrackedRowsAsync(byDevice, deviceId, cancellationToken))
        {
            rows.Add(entity);
        }

        var matches = 0;
        foreach (var match in rows.Where(r => r.RowKey.StartsWith(MatchPrefix, StringComparison.Ordinal)))
        {
            await byAdvisory.DeleteEntityAsync(TableKeys.Encode(match.GetString("AdvisoryId") ?? ""), match.PartitionKey, ETag.All, cancellationToken);
            matches++;
        }

        foreach (var chunk in rows.Chunk(100))
        {
            await byDevice.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
        }

        return matches;
    }

    /// <summary>The device partition's history ("h|") and match ("m|") rows; outbox rows ("o|") belong to the relay.</summary>
    private static AsyncPageable<TableEntity> QueryTrackedRowsAsync(TableClient table, string deviceId, CancellationToken cancellationToken) =>
        table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(deviceId)} and RowKey ge {HistoryPrefix} and RowKey lt {"m}"}"),
            cancellationToken: cancellationToken);

    private static Dictionary<string, object?> RemediationColumns(RemediationHistoryEntry entry) => new(StringComparer.Ordinal)
    {
        ["Remediation"] = entry.Status.ToName(),
        ["RemediationBy"] = entry.By,
        ["RemediationAt"] = entry.At,
        ["RemediationNote"] = entry.Note ?? "",
    };

    private static string InvertedTicks(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    private static RemediationHistoryEntry ToHistoryEntry(TableEntity entity)
    {
        RemediationStatusNames.TryParse(entity.GetString("Status"), out var status);
        return new RemediationHistoryEntry(status, entity.GetString("By") ?? "", entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, NullIfEmpty(entity.GetString("Note")));
    }

    private static TrackedMatch ToTracked(TableEntity entity, IReadOnlyList<RemediationHistoryEntry> history)
    {
        var remediation = MatchRemediation.Initial;
        if (entity.GetString("Remediation") is { } name && RemediationStatusNames.TryParse(name, out var status))
        {
            remediation = new MatchRemediation(status, entity.GetString("RemediationBy"), entity.GetDateTimeOffset("RemediationAt"), NullIfEmpty(entity.GetString("RemediationNote")));
        }

        return new TrackedMatch(ToMatch(entity), remediation, entity.ETag.ToString(), history);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static TableEntity ToEntity(StoredMatch match, string partitionKey, string rowKey, DateTimeOffset now) =>
        new(partitionKey, rowKey)
        {
            ["DeviceId"] = match.DeviceId,
            ["AdvisoryId"] = match.AdvisoryId,
            ["Revision"] = match.Revision,
            ["Status"] = match.Status.ToName(),
            ["Confidence"] = match.Confidence,
            ["Explanation"] = match.Explanation.Length <= 30_000 ? match.Explanation : match.Explanation[..30_000],
            ["Fingerprint"] = match.Fingerprint,
            ["HasVendorFix"] = match.HasVendorFix,
            ["MatchedAt"] = now,
        };

    private static StoredMatch ToMatch(TableEntity entity) =>
        new(
            entity.GetString("DeviceId") ?? "",
            entity.GetString("AdvisoryId") ?? "",
            entity.GetString("Revision") ?? "",
            MatchStatusNames.Parse(entity.GetString("Status") ?? "possibly_affected"),
            entity.GetDouble("Confidence") ?? 0,
            entity.GetString("Explanation") ?? "",
            entity.GetString("Fingerprint") ?? "",
            entity.GetBoolean("HasVendorFix") ?? false);
}
