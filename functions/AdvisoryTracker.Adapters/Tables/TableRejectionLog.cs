using System.Globalization;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Ingestion;
using AdvisoryTracker.Domain.Notifications;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>
/// Rejections table: PartitionKey = source, RowKey = newest first (inverted ticks) plus a hash of the document reference;
/// columns Document (URL or path), Reason, Hash (SHA-256 of the refused bytes, when known), RejectedAt.
/// </summary>
public sealed class TableRejectionLog(TrackerStorage storage, TimeProvider time) : IRejectionLog
{
    public const int MaxReferenceLength = 2000;
    public const int MaxReasonLength = 4000;

    public async Task RecordAsync(RejectionRecord rejection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        var table = await storage.TableAsync(TrackerStorage.Rejections, cancellationToken);
        var now = time.GetUtcNow();
        var row = (DateTimeOffset.MaxValue.Ticks - now.Ticks).ToString("D19", CultureInfo.InvariantCulture) + "-" + NotificationKeys.Hash(rejection.DocumentReference)[..8];
        await table.UpsertEntityAsync(
            new TableEntity(TableKeys.Encode(rejection.SourceName), row)
            {
                ["Source"] = rejection.SourceName,
                ["Document"] = Cap(rejection.DocumentReference, MaxReferenceLength),
                ["Reason"] = Cap(rejection.Reason, MaxReasonLength),
                ["Hash"] = rejection.ContentHash is { Length: <= 128 } hash ? hash : null,
                ["RejectedAt"] = now,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task<IReadOnlyList<RejectionRecord>> ListAsync(string sourceName, int max, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Rejections, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(sourceName)}");
        var result = new List<RejectionRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            result.Add(new RejectionRecord(
                sourceName,
                entity.GetString("Document") ?? "",
                entity.GetString("Reason") ?? "",
                entity.GetString("Hash"),
                entity.GetDateTimeOffset("RejectedAt") ?? entity.Timestamp ?? default));
            if (result.Count >= max)
            {
                break;
            }
        }

        return result;
    }

    private static string Cap(string value, int max) => value.Length <= max ? value : value[..max];
}
