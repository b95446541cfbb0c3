using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Notifications;
using Azure;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>
/// NotificationLedger table: PartitionKey = message id, RowKey "ledger". Claim = AddEntity (409 means someone claimed
/// it before); sent = a conditional update with the claim's ETag.
/// </summary>
public sealed class TableNotificationLedger(TrackerStorage storage, TimeProvider time) : INotificationLedger
{
    private const string Row = "ledger";

    public async Task<LedgerClaim?> TryClaimAsync(string messageId, string recipient, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.NotificationLedger, cancellationToken);
        var key = TableKeys.Encode(messageId);
        try
        {
            var added = await table.AddEntityAsync(
                new TableEntity(key, Row) { ["State"] = "claimed", ["Recipient"] = recipient, ["ClaimedAt"] = time.GetUtcNow() },
                cancellationToken);
            return new LedgerClaim(messageId, added.Headers.ETag?.ToString() ?? "");
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await table.GetEntityAsync<TableEntity>(key, Row, cancellationToken: cancellationToken);
            return existing.Value.GetString("State") == "sent"
                ? null
                : new LedgerClaim(messageId, existing.Value.ETag.ToString());
        }
    }

    public async Task MarkSentAsync(LedgerClaim claim, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.NotificationLedger, cancellationToken);
        var entity = new TableEntity(TableKeys.Encode(claim.MessageId), Row) { ["State"] = "sent", ["SentAt"] = time.GetUtcNow() };
        try
        {
            await table.UpdateEntityAsync(entity, new ETag(claim.ETag), TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Another delivery of the same message took the claim over meanwhile; mark it sent regardless.
            await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
    }
}
