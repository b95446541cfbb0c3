using System.Runtime.CompilerServices;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Remediation;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>
/// Flagged matches still open, from the DeviceMatches "m|" rows: <c>RemediationStatus</c> (written by the admin API;
/// missing means "open") and <c>MatchedAt</c> (when the match last changed) decide.
/// </summary>
public sealed class TableOpenMatchQuery(TrackerStorage storage) : IOpenMatchQuery
{
    public async IAsyncEnumerable<OpenMatch> ListOpenFlaggedAsync(DateTimeOffset raisedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {"m|"} and RowKey lt {"m}"} and MatchedAt le {raisedBefore}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var status = entity.GetString("RemediationStatus");
            if (!string.IsNullOrEmpty(status) && !string.Equals(status, "open", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            MatchStatus matchStatus;
            try
            {
                matchStatus = MatchStatusNames.Parse(entity.GetString("Status") ?? "");
            }
            catch (FormatException)
            {
                continue;
            }

            if (matchStatus.IsFlagged())
            {
                yield return new OpenMatch(
                    entity.GetString("DeviceId") ?? "",
                    entity.GetString("AdvisoryId") ?? "",
                    entity.GetString("Revision") ?? "",
                    matchStatus,
                    entity.GetDateTimeOffset("MatchedAt") ?? raisedBefore);
            }
        }
    }
}
