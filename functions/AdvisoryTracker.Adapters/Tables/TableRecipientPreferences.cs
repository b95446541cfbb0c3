using System.Runtime.CompilerServices;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Notifications;
using Azure;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>RecipientPreferences table: PartitionKey "recipient", RowKey = the encoded lower-case address.</summary>
public sealed class TableRecipientPreferences(TrackerStorage storage) : IRecipientPreferencesStore
{
    public const string TableName = "RecipientPreferences";
    private const string Partition = "recipient";

    public async Task<RecipientPreferences?> GetAsync(string recipient, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Encode(recipient.ToLowerInvariant()), cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } entity ? ToPreferences(entity) : null;
    }

    public async Task SaveAsync(RecipientPreferences preferences, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(
            new TableEntity(Partition, TableKeys.Encode(preferences.Recipient.ToLowerInvariant()))
            {
                ["Recipient"] = preferences.Recipient,
                ["Threshold"] = preferences.Threshold.ToString(),
                ["Digest"] = preferences.Digest.ToString(),
                ["UpdatedAt"] = preferences.UpdatedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async IAsyncEnumerable<RecipientPreferences> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            yield return ToPreferences(entity);
        }
    }

    private static RecipientPreferences ToPreferences(TableEntity entity) =>
        new(
            entity.GetString("Recipient") ?? TableKeys.Decode(entity.RowKey),
            SeverityLevels.TryParse(entity.GetString("Threshold"), out var level) ? level : SeverityLevel.None,
            Enum.TryParse<DigestMode>(entity.GetString("Digest"), out var mode) ? mode : DigestMode.Immediate,
            entity.GetDateTimeOffset("UpdatedAt"));
}
