using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Notifications;
using Azure;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Storage;

/// <summary>
/// The notification outbox: rows <c>o|{event key}</c> in the DeviceMatches table, in the partition of the device whose
/// match planned them (so <see cref="TableMatchStore"/> writes them in the match's transaction). Pending rows have
/// <c>Dispatched = false</c>; the relay marks them dispatched with their ETag.
/// </summary>
public sealed class TableNotificationOutbox(TrackerStorage storage, TimeProvider time) : INotificationOutbox
{
    internal const string OutboxPrefix = "o|";

    internal static TableEntity ToEntity(OutboxEntry entry, DateTimeOffset now) =>
        new(TableKeys.Encode(entry.DeviceId), OutboxPrefix + entry.Key)
        {
            ["DeviceId"] = entry.DeviceId,
            ["Recipient"] = entry.Recipient,
            ["AdvisoryId"] = entry.AdvisoryId,
            ["Revision"] = entry.Revision,
            ["Kind"] = entry.Kind.ToString(),
            ["Dispatched"] = false,
            ["CreatedAt"] = now,
        };

    public async Task<IReadOnlyList<PendingOutboxEntry>> ListPendingAsync(int max, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {OutboxPrefix} and RowKey lt {"o}"} and Dispatched eq {false}");
        var result = new List<PendingOutboxEntry>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            if (!Enum.TryParse<NotificationKind>(entity.GetString("Kind"), out var kind))
            {
                continue;
            }

            result.Add(new PendingOutboxEntry(
                new OutboxEntry(
                    entity.GetString("DeviceId") ?? "",
                    entity.GetString("Recipient") ?? "",
                    entity.GetString("AdvisoryId") ?? "",
                    entity.GetString("Revision") ?? "",
                    kind),
                entity.ETag.ToString()));
            if (result.Count >= max)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>
    /// Marks rows dispatched with their ETags: one transaction per device partition (up to 100 rows), partitions in
    /// parallel. A row changed since it was read (re-planned) fails its transaction; that partition is then marked row by
    /// row, skipping the changed row, which the next relay sends on its own.
    /// </summary>
    public async Task MarkDispatchedAsync(IReadOnlyList<PendingOutboxEntry> entries, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var now = time.GetUtcNow();
        var chunks = entries.GroupBy(e => TableKeys.Encode(e.Entry.DeviceId), StringComparer.Ordinal).SelectMany(g => g.Chunk(100));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            try
            {
                await table.SubmitTransactionAsync(
                    chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpdateMerge, Dispatched(p, now), new ETag(p.ETag))),
                    ct);
            }
            catch (TableTransactionFailedException)
            {
                foreach (var pending in chunk)
                {
                    try
                    {
                        await table.UpdateEntityAsync(Dispatched(pending, now), new ETag(pending.ETag), TableUpdateMode.Merge, ct);
                    }
                    catch (RequestFailedException ex) when (ex.Status is 404 or 412)
                    {
                        // Re-planned or removed since it was read: the newer row is relayed on its own.
                    }
                }
            }
        });
    }

    private static TableEntity Dispatched(PendingOutboxEntry pending, DateTimeOffset now) =>
        new(TableKeys.Encode(pending.Entry.DeviceId), OutboxPrefix + pending.Entry.Key)
        {
            ["Dispatched"] = true,
            ["DispatchedAt"] = now,
        };
}
