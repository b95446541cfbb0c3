using System.Diagnostics;
using System.Diagnostics.Metrics;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Notifications;
using Azure;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>
/// The notification outbox, read in proportion to pending work.
/// <list type="bullet">
/// <item><b>Durable row.</b> <c>o|{event key}</c> in the DeviceMatches table, in the partition of the device whose match
/// planned it, so <see cref="TableMatchStore"/> writes it in the match's transaction: a match never exists without its
/// notification.</item>
/// <item><b>Pending index.</b> A table transaction cannot leave its partition, so the index is written right after that
/// transaction: a copy of each row in table OutboxPending, partition <see cref="PendingPartition"/>, RowKey = event key.
/// A relay tick is one query of that partition: entities read = pending rows, whatever the size of the match table.</item>
/// <item><b>After publishing</b> the durable rows are deleted (one transaction per device partition), then the copies,
/// with the ETags they were read with: a copy re-written meanwhile by a save stays and goes out again next tick (the
/// same event key, so the same content; the queue's duplicate detection and the email ledger absorb it).</item>
/// <item><b>The one gap</b>, a crash between the match transaction and the index write, leaves a durable row without a
/// copy. <see cref="SweepAsync"/> (timer <c>OutboxSweepSchedule</c>, hourly) reads the outbox key range of the whole
/// DeviceMatches table, re-indexes such rows and deletes rows a former version left <c>Dispatched = true</c>. It is the
/// only read that grows with the table, and it reports what it read and how long it took.</item>
/// </list>
/// Reads are counted in <see cref="EntitiesRead"/> and on the <see cref="MeterName"/> meter
/// (<c>outbox.entities_read</c>, tag <c>operation</c> = relay or sweep).
/// </summary>
public sealed class TableNotificationOutbox(TrackerStorage storage, TimeProvider time) : INotificationOutbox
{
    internal const string OutboxPrefix = "o|";
    internal const string PendingPartition = "pending";
    public const string MeterName = "AdvisoryTracker.Outbox";
    public const string EntitiesReadInstrument = "outbox.entities_read";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> EntitiesReadCounter = Meter.CreateCounter<long>(EntitiesReadInstrument, "{entity}", "Outbox entities read by the relay and the sweep");

    private long _entitiesRead;

    /// <summary>Outbox entities this instance has read (relay ticks and sweeps).</summary>
    public long EntitiesRead => Interlocked.Read(ref _entitiesRead);

    internal static TableEntity ToEntity(OutboxEntry entry, DateTimeOffset now) =>
        WithColumns(new TableEntity(TableKeys.Encode(entry.DeviceId), OutboxPrefix + entry.Key), entry, now);

    private static TableEntity ToPendingEntity(OutboxEntry entry, DateTimeOffset now) =>
        WithColumns(new TableEntity(PendingPartition, entry.Key), entry, now);

    private static TableEntity WithColumns(TableEntity entity, OutboxEntry entry, DateTimeOffset now)
    {
        entity["DeviceId"] = entry.DeviceId;
        entity["Recipient"] = entry.Recipient;
        entity["AdvisoryId"] = entry.AdvisoryId;
        entity["Revision"] = entry.Revision;
        entity["Kind"] = entry.Kind.ToString();
        entity["Dispatched"] = false;
        entity["CreatedAt"] = now;
        return entity;
    }

    /// <summary>Indexes rows just written in a match's transaction (100 per transaction, one partition).</summary>
    internal static async Task IndexAsync(TrackerStorage storage, IReadOnlyList<OutboxEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = await storage.TableAsync(TrackerStorage.OutboxPending, cancellationToken);
        foreach (var chunk in entries.DistinctBy(e => e.Key, StringComparer.Ordinal).Chunk(100))
        {
            await pending.SubmitTransactionAsync(
                chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToPendingEntity(e, now))), cancellationToken);
        }
    }

    public async Task<IReadOnlyList<PendingOutboxEntry>> ListPendingAsync(int max, CancellationToken cancellationToken)
    {
        var pending = await storage.TableAsync(TrackerStorage.OutboxPending, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition}");
        var result = new List<PendingOutboxEntry>();
        long read = 0;
        await foreach (var entity in pending.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            read++;
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

        Count(read, "relay");
        return result;
    }

    /// <summary>
    /// Removes published rows: the durable rows first (one transaction per device partition, up to 100 rows,
    /// partitions in parallel), then their index copies with the ETags they were read with. A crash in between leaves
    /// copies that are published again (at least once); a copy re-written by a save since it was read stays pending.
    /// </summary>
    public async Task MarkDispatchedAsync(IReadOnlyList<PendingOutboxEntry> entries, CancellationToken cancellationToken)
    {
        var devices = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var pending = await storage.TableAsync(TrackerStorage.OutboxPending, cancellationToken);
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        var rows = entries
            .Select(p => new TableEntity(TableKeys.Encode(p.Entry.DeviceId), OutboxPrefix + p.Entry.Key) { ETag = ETag.All })
            .DistinctBy(e => (e.PartitionKey, e.RowKey))
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(100));
        await Parallel.ForEachAsync(rows, options, async (chunk, ct) => await DeleteAsync(devices, chunk, ct));
        var copies = entries
            .Select(p => new TableEntity(PendingPartition, p.Entry.Key) { ETag = new ETag(p.ETag) })
            .DistinctBy(e => e.RowKey)
            .Chunk(100);
        await Parallel.ForEachAsync(copies, options, async (chunk, ct) => await DeleteAsync(pending, chunk, ct));
    }

    /// <summary>
    /// The safety sweep: every outbox row of DeviceMatches (a RowKey range over all partitions, which the service
    /// answers by scanning the table) against the index, re-indexing rows without a copy and deleting rows a former
    /// version left dispatched.
    /// </summary>
    public async Task<OutboxSweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var devices = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var pending = await storage.TableAsync(TrackerStorage.OutboxPending, cancellationToken);
        long read = 0;
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var copy in pending.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            read++;
            indexed.Add(copy.RowKey);
        }

        var missing = new List<OutboxEntry>();
        var dispatched = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {OutboxPrefix} and RowKey lt {"o}"}");
        await foreach (var entity in devices.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            read++;
            if (entity.GetBoolean("Dispatched") == true)
            {
                entity.ETag = ETag.All;
                dispatched.Add(entity);
            }
            else if (!indexed.Contains(entity.RowKey[OutboxPrefix.Length..]) && Enum.TryParse<NotificationKind>(entity.GetString("Kind"), out var kind))
            {
                missing.Add(new OutboxEntry(
                    entity.GetString("DeviceId") ?? "",
                    entity.GetString("Recipient") ?? "",
                    entity.GetString("AdvisoryId") ?? "",
                    entity.GetString("Revision") ?? "",
                    kind));
            }
        }

        Count(read, "sweep");
        await IndexAsync(storage, missing, time.GetUtcNow(), cancellationToken);
        foreach (var chunk in dispatched.GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(100)))
        {
            await DeleteAsync(devices, chunk, cancellationToken);
        }

        return new OutboxSweepResult(read, missing.Count, dispatched.Count, watch.Elapsed);
    }

    /// <summary>Deletes rows of one partition with their ETags in one transaction, row by row if that fails; rows gone (404) or changed (412) are skipped.</summary>
    private static async Task DeleteAsync(TableClient table, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)), cancellationToken);
        }
        catch (TableTransactionFailedException)
        {
            foreach (var row in rows)
            {
                try
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 412)
                {
                    // Gone already (another relay, a deleted device), or re-written since it was read: it stays pending.
                }
            }
        }
    }

    private void Count(long entities, string operation)
    {
        if (entities > 0)
        {
            Interlocked.Add(ref _entitiesRead, entities);
            EntitiesReadCounter.Add(entities, new KeyValuePair<string, object?>("operation", operation));
        }
    }
}
