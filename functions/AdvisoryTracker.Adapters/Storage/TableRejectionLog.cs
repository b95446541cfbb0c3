using System.Globalization;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Ingestion;
using AdvisoryTracker.Domain.Notifications;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Storage;

/// <summary>Rejections table: PartitionKey = source, RowKey = newest first (inverted ticks) plus a hash of the document reference.</summary>
public sealed class TableRejectionLog(TrackerStorage storage, TimeProvider time) : IRejectionLog
{
    public async Task RecordAsync(string sourceName, string documentReference, string reason, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Rejections, cancellationToken);
        var now = time.GetUtcNow();
        var row = (DateTimeOffset.MaxValue.Ticks - now.Ticks).ToString("D19", CultureInfo.InvariantCulture) + "-" + NotificationKeys.Hash(documentReference)[..8];
        await table.UpsertEntityAsync(
            new TableEntity(TableKeys.Encode(sourceName), row)
            {
                ["Document"] = documentReference.Length <= 2000 ? documentReference : documentReference[..2000],
                ["Reason"] = reason.Length <= 4000 ? reason : reason[..4000],
                ["RejectedAt"] = now,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }
}
