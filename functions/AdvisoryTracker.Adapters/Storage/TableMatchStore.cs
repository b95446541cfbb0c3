using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Storage;
using Azure;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Storage;

/// <summary>
/// Matches in both directions and the notification outbox.
/// DeviceMatches: PartitionKey = device id; RowKey "m|{advisory id}" holds the match, "o|{event key}" an outbox row —
/// one partition, so a match and its outbox rows are written in one transaction.
/// AdvisoryMatches: PartitionKey = advisory id, RowKey = device id: the same match indexed the other way.
/// </summary>
public sealed class TableMatchStore(TrackerStorage storage, TimeProvider time) : IMatchStore
{
    internal const string MatchPrefix = "m|";

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
    }

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
