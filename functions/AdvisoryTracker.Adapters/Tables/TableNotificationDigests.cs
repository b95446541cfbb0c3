using System.Text.Json;
using AdvisoryTracker.Adapters.Serialization;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Notifications;
using Azure;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>NotificationDigests table: PartitionKey = encoded lower-case recipient, RowKey = notification message id.</summary>
public sealed class TableNotificationDigests(TrackerStorage storage) : INotificationDigestStore
{
    public const string TableName = "NotificationDigests";

    public async Task AddAsync(DigestEntry entry, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        try
        {
            await table.AddEntityAsync(
                new TableEntity(TableKeys.Encode(entry.Recipient.ToLowerInvariant()), TableKeys.Encode(entry.MessageId))
                {
                    ["Recipient"] = entry.Recipient,
                    ["AdvisoryId"] = entry.AdvisoryId,
                    ["Revision"] = entry.Revision,
                    ["Kind"] = entry.Kind.ToString(),
                    ["DeviceIds"] = JsonSerializer.Serialize(entry.DeviceIds.ToList(), TrackerJsonContext.Default.ListString),
                    ["QueuedAt"] = entry.QueuedAt,
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already held for the digest (a redelivered message).
        }
    }

    public async Task<IReadOnlyList<string>> ListRecipientsAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var recipients = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            recipients.Add(TableKeys.Decode(entity.PartitionKey));
        }

        return recipients.ToList();
    }

    public async Task<IReadOnlyList<DigestEntry>> ListAsync(string recipient, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var result = new List<DigestEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(recipient.ToLowerInvariant())}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(new DigestEntry(
                entity.GetString("Recipient") ?? recipient,
                TableKeys.Decode(entity.RowKey),
                entity.GetString("AdvisoryId") ?? "",
                entity.GetString("Revision") ?? "",
                Enum.TryParse<NotificationKind>(entity.GetString("Kind"), out var kind) ? kind : NotificationKind.NewMatch,
                ReadDevices(entity.GetString("DeviceIds")),
                entity.GetDateTimeOffset("QueuedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue,
                entity.GetString("Batch")));
        }

        return result;
    }

    public async Task AssignBatchAsync(IReadOnlyList<DigestEntry> entries, string batch, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        foreach (var chunk in entries.GroupBy(e => e.Recipient.ToLowerInvariant()).SelectMany(g => g.Chunk(100)))
        {
            await table.SubmitTransactionAsync(
                chunk.Select(e => new TableTransactionAction(
                    TableTransactionActionType.UpdateMerge,
                    new TableEntity(TableKeys.Encode(e.Recipient.ToLowerInvariant()), TableKeys.Encode(e.MessageId)) { ["Batch"] = batch })),
                cancellationToken);
        }
    }

    public async Task RemoveAsync(IReadOnlyList<DigestEntry> entries, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        foreach (var entry in entries)
        {
            await table.DeleteEntityAsync(TableKeys.Encode(entry.Recipient.ToLowerInvariant()), TableKeys.Encode(entry.MessageId), ETag.All, cancellationToken);
        }
    }

    private static List<string> ReadDevices(string? json)
    {
        try
        {
            return json is null ? [] : JsonSerializer.Deserialize(json, TrackerJsonContext.Default.ListString) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
