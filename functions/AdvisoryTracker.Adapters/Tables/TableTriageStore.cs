using System.Runtime.CompilerServices;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Triage;
using Azure;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>
/// TriageDecisions table: PartitionKey = device id, RowKey = advisory id (both encoded), one row per pair, replaced by
/// a newer decision. Columns: Verdict, By, At, Reason, EvidenceFingerprint, Revision, SuggestedAlias, SuggestedVendorId.
/// </summary>
public sealed class TableTriageStore(TrackerStorage storage) : ITriageStore
{
    public async Task<TriageDecision?> GetAsync(string deviceId, string advisoryId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.TriageDecisions, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(deviceId), TableKeys.Encode(advisoryId), cancellationToken: cancellationToken);
        return row.HasValue ? ToDecision(row.Value!) : null;
    }

    public async Task SaveAsync(TriageDecision decision, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.TriageDecisions, cancellationToken);
        await table.UpsertEntityAsync(
            new TableEntity(TableKeys.Encode(decision.DeviceId), TableKeys.Encode(decision.AdvisoryId))
            {
                ["DeviceId"] = decision.DeviceId,
                ["AdvisoryId"] = decision.AdvisoryId,
                ["Verdict"] = decision.Verdict.ToName(),
                ["By"] = decision.By,
                ["At"] = decision.At,
                ["Reason"] = decision.Reason,
                ["EvidenceFingerprint"] = decision.EvidenceFingerprint,
                ["Revision"] = decision.Revision,
                ["SuggestedAlias"] = decision.SuggestedAlias,
                ["SuggestedVendorId"] = decision.SuggestedVendorId,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async IAsyncEnumerable<TriageDecision> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.TriageDecisions, cancellationToken);
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (ToDecision(row) is { } decision)
            {
                yield return decision;
            }
        }
    }

    private static TriageDecision? ToDecision(TableEntity row) =>
        TriageVerdictNames.TryParse(row.GetString("Verdict"), out var verdict)
            ? new TriageDecision(
                row.GetString("DeviceId") ?? TableKeys.Decode(row.PartitionKey),
                row.GetString("AdvisoryId") ?? TableKeys.Decode(row.RowKey),
                verdict,
                row.GetString("By") ?? "",
                row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                row.GetString("Reason") ?? "",
                row.GetString("EvidenceFingerprint") ?? "",
                row.GetString("Revision") ?? "")
            {
                SuggestedAlias = row.GetString("SuggestedAlias"),
                SuggestedVendorId = row.GetString("SuggestedVendorId"),
            }
            : null;
}
