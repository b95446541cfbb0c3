using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using AdvisoryTracker.Domain.Sources;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>
/// <see cref="ISourceStateStore"/> on the <c>SourceState</c> table: PartitionKey <c>source</c>, RowKey the encoded
/// source name, one entity per source. Extra values are kept as one JSON string property.
/// </summary>
public sealed class TableSourceStateStore(TableClient table) : ISourceStateStore
{
    public const string DefaultTableName = "SourceState";
    public const string PartitionKey = "source";
    private const int MaxStringProperty = 32 * 1024;

    private volatile bool _created;

    public async Task<SourceState> GetAsync(string sourceName, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, TableKeys.Encode(sourceName), cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : new SourceState { SourceName = sourceName };
    }

    public async Task SaveAsync(SourceState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await EnsureTableAsync(cancellationToken);
        await table.UpsertEntityAsync(ToEntity(state), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<SourceState>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var result = new List<SourceState>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(FromEntity(entity));
        }

        return result;
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }
    }

    internal static TableEntity ToEntity(SourceState state) => new(PartitionKey, TableKeys.Encode(state.SourceName))
    {
        ["SourceName"] = state.SourceName,
        ["ETag"] = state.ETag,
        ["LastModified"] = state.LastModified,
        ["Cursor"] = Clip(state.Cursor),
        ["LastAttempt"] = state.LastAttempt,
        ["LastSuccess"] = state.LastSuccess,
        ["ConsecutiveFailures"] = state.ConsecutiveFailures,
        ["LastError"] = Clip(state.LastError),
        ["DocumentsSeen"] = state.DocumentsSeen,
        ["DocumentsStored"] = state.DocumentsStored,
        ["DocumentsRejected"] = state.DocumentsRejected,
        ["Extra"] = state.Extra.Count == 0 ? null : CheckedExtra(state),
    };

    internal static SourceState FromEntity(TableEntity entity)
    {
        var state = new SourceState
        {
            SourceName = entity.GetString("SourceName") ?? TableKeys.Decode(entity.RowKey),
            ETag = entity.GetString("ETag"),
            LastModified = entity.GetDateTimeOffset("LastModified"),
            Cursor = entity.GetString("Cursor"),
            LastAttempt = entity.GetDateTimeOffset("LastAttempt"),
            LastSuccess = entity.GetDateTimeOffset("LastSuccess"),
            ConsecutiveFailures = entity.GetInt32("ConsecutiveFailures") ?? 0,
            LastError = entity.GetString("LastError"),
            DocumentsSeen = entity.GetInt64("DocumentsSeen") ?? 0,
            DocumentsStored = entity.GetInt64("DocumentsStored") ?? 0,
            DocumentsRejected = entity.GetInt64("DocumentsRejected") ?? 0,
        };

        if (entity.GetString("Extra") is { Length: > 0 } extra &&
            JsonSerializer.Deserialize(extra, SourceStateJsonContext.Default.DictionaryStringString) is { } values)
        {
            foreach (var (key, value) in values)
            {
                state.Extra[key] = value;
            }
        }

        return state;
    }

    private static string CheckedExtra(SourceState state)
    {
        var json = JsonSerializer.Serialize(state.Extra, SourceStateJsonContext.Default.DictionaryStringString);
        return json.Length <= MaxStringProperty
            ? json
            : throw new InvalidOperationException($"source '{state.SourceName}': Extra state is {json.Length} characters, over the limit of {MaxStringProperty}");
    }

    private static string? Clip(string? text) => text is null || text.Length <= MaxStringProperty ? text : text[..MaxStringProperty];
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SourceStateJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
