using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Notifications;
using Azure;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Storage;

/// <summary>
/// The notification outbox, read in proportion to pending work.
/// <list type="bullet">
/// <item>Rows <c>o|{event key}</c> live in the DeviceMatches table, in the partition of the device whose match planned
/// them, so <see cref="TableMatchStore"/> writes them in the match's transaction (a table transaction cannot leave its
/// partition). Only pending rows exist: a row is deleted, with its ETag, once its message is on the queue.</item>
/// <item>The pending index: table OutboxPending, partition <see cref="PendingPartition"/>, one marker row per device
/// partition that may hold outbox rows. <see cref="TableMatchStore.SaveAsync"/> upserts the marker right after the
/// transaction. A relay tick reads the markers and then, by key, each marked partition's <c>o|</c> range: entities read
/// = markers + pending rows, whatever the size of the match table.</item>
/// <item>A marker is deleted with the ETag it was read with once its partition's rows are gone, so a save that re-marks
/// the device meanwhile (new ETag) keeps it. The one gap, a crash between the match transaction and the marker upsert,
/// leaves rows without a marker; <see cref="SweepAsync"/> (timer <c>OutboxSweepSchedule</c>, hourly) scans the outbox
/// key range of the whole table, re-marks such partitions and deletes rows left <c>Dispatched = true</c> by the
/// earlier design. It is the only read that grows with the table, and it reports what it read.</item>
/// </list>
/// Reads are counted on the <see cref="MeterName"/> meter (<c>outbox.entities_read</c>, tag <c>operation</c>).
/// </summary>
public sealed class TableNotificationOutbox(TrackerStorage storage, TimeProvider time) : INotificationOutbox
{
    internal const string OutboxPrefix = "o|";
    internal const string PendingPartition = "pending";
    public const string MeterName = "AdvisoryTracker.Outbox";
    public const string EntitiesReadInstrument = "outbox.entities_read";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> EntitiesRead = Meter.CreateCounter<long>(EntitiesReadInstrument, "{entity}", "Outbox and pending-index entities read");

    /// <summary>Markers of partitions read completely by the last listing (partition → marker ETag), removed once drained.</summary>
    private readonly ConcurrentDictionary<string, ETag> _drainable = new(StringComparer.Ordinal);

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

    /// <summary>Marks a device partition as holding outbox rows (after the transaction that wrote them).</summary>
    internal static async Task MarkPendingAsync(TrackerStorage storage, string partition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var markers = await storage.TableAsync(TrackerStorage.OutboxPending, cancellationToken);
        await markers.UpsertEntityAsync(new TableEntity(PendingPartition, partition) { ["MarkedAt"] = now }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<PendingOutboxEntry>> ListPendingAsync(int max, CancellationToken cancellationToken)
    {
        var markers = await storage.TableAsync(TrackerStorage.OutboxPending, cancellationToken);
        var devices = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        _drainable.Clear();
        var result = new List<PendingOutboxEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition}");
        await foreach (var page in markers.QueryAsync<TableEntity>(filter, maxPerPage: 100, select: ["RowKey"], cancellationToken: cancellationToken).AsPages())
        {
            Count(page.Values.Count, "relay");
            var read = new ConcurrentBag<(TableEntity Marker, IReadOnlyList<PendingOutboxEntry> Rows)>();
            await Parallel.ForEachAsync(page.Values, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (marker, ct) =>
                read.Add((marker, await ReadPartitionAsync(devices, marker.RowKey, ct))));
            foreach (var (marker, rows) in read.OrderBy(r => r.Marker.RowKey, StringComparer.Ordinal))
            {
                if (rows.Count == 0)
                {
                    await DeleteMarkerAsync(markers, marker.RowKey, marker.ETag, cancellationToken);
                    continue;
                }

                if (result.Count >= max)
                {
                    continue;
                }

                result.AddRange(rows);
                _drainable[marker.RowKey] = marker.ETag;
            }

            if (result.Count >= max)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>
    /// Deletes published rows with their ETags: one transaction per device partition (up to 100 rows), partitions in
    /// parallel, then the partition's marker if the listing read all its rows. A row changed since it was read
    /// (re-planned) fails its transaction; that partition is then deleted row by row, skipping the changed row, which
    /// keeps its marker and goes out on the next tick.
    /// </summary>
    public async Task MarkDispatchedAsync(IReadOnlyList<PendingOutboxEntry> entries, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var markers = await storage.TableAsync(TrackerStorage.OutboxPending, cancellationToken);
        var partitions = entries.GroupBy(e => TableKeys.Encode(e.Entry.DeviceId), StringComparer.Ordinal);
        await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (partition, ct) =>
        {
            var complete = true;
            foreach (var chunk in partition.Chunk(100))
            {
                complete &= await DeleteRowsAsync(table, chunk, ct);
            }

            if (complete && _drainable.TryRemove(partition.Key, out var etag))
            {
                await DeleteMarkerAsync(markers, partition.Key, etag, ct);
            }
        });
    }

    /// <summary>
    /// The safety sweep: every outbox row of the table (a RowKey range over all partitions, which the service answers by
    /// scanning the table), re-marking partitions with pending rows and deleting rows a former version left dispatched.
    /// </summary>
    public async Task<OutboxSweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var table = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var now = time.GetUtcNow();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {OutboxPrefix} and RowKey lt {"o}"}");
        long read = 0;
        var pending = new HashSet<string>(StringComparer.Ordinal);
        var dispatched = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey", "Dispatched"], cancellationToken: cancellationToken))
        {
            read++;
            if (entity.GetBoolean("Dispatched") == true)
            {
                dispatched.Add(entity);
            }
            else
            {
                pending.Add(entity.PartitionKey);
            }
        }

        Count(read, "sweep");
        foreach (var partition in pending)
        {
            await MarkPendingAsync(storage, partition, now, cancellationToken);
        }

        foreach (var group in dispatched.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in group.Chunk(100))
            {
                await DeleteRowsAsync(table, chunk, cancellationToken);
            }
        }

        return new OutboxSweepResult(read, pending.Count, dispatched.Count, watch.Elapsed);
    }

    private static async Task<IReadOnlyList<PendingOutboxEntry>> ReadPartitionAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {OutboxPrefix} and RowKey lt {"o}"}");
        var rows = new List<PendingOutboxEntry>();
        var stale = new List<TableEntity>();
        long read = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            read++;
            if (entity.GetBoolean("Dispatched") == true)
            {
                stale.Add(entity); // left by the former mark-dispatched design
                continue;
            }

            if (!Enum.TryParse<NotificationKind>(entity.GetString("Kind"), out var kind))
            {
                continue;
            }

            rows.Add(new PendingOutboxEntry(
                new OutboxEntry(
                    entity.GetString("DeviceId") ?? "",
                    entity.GetString("Recipient") ?? "",
                    entity.GetString("AdvisoryId") ?? "",
                    entity.GetString("Revision") ?? "",
                    kind),
                entity.ETag.ToString()));
        }

        Count(read, "relay");
        foreach (var chunk in stale.Chunk(100))
        {
            await DeleteRowsAsync(table, chunk, cancellationToken);
        }

        return rows;
    }

    /// <summary>Deletes rows with their ETags; true when every row is gone (false when one changed since it was read).</summary>
    private static Task<bool> DeleteRowsAsync(TableClient table, IReadOnlyList<PendingOutboxEntry> rows, CancellationToken cancellationToken) =>
        DeleteRowsAsync(table, rows.Select(p => new TableEntity(TableKeys.Encode(p.Entry.DeviceId), OutboxPrefix + p.Entry.Key) { ETag = new ETag(p.ETag) }).ToList(), cancellationToken);

    private static async Task<bool> DeleteRowsAsync(TableClient table, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)), cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException)
        {
            var complete = true;
            foreach (var row in rows)
            {
                try
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // Already gone (another relay, or the device was deleted).
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    complete = false; // re-planned since it was read: the newer row is relayed on its own
                }
            }

            return complete;
        }
    }

    private static async Task DeleteMarkerAsync(TableClient markers, string partition, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await markers.DeleteEntityAsync(PendingPartition, partition, etag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Re-marked by a save since it was read (its rows go out next tick), or removed by another relay.
        }
    }

    private static void Count(long entities, string operation)
    {
        if (entities > 0)
        {
            EntitiesRead.Add(entities, new KeyValuePair<string, object?>("operation", operation));
        }
    }
}
