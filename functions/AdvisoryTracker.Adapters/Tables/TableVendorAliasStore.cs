using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Vendors;
using Azure;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>
/// VendorAliases table: PartitionKey "alias", RowKey = the alias lower-cased (encoded); columns Alias, VendorId, By,
/// At, Note. <see cref="Current"/> is read synchronously when a matcher index is built and cached for
/// <see cref="CacheFor"/>; a save in this process refreshes it at once (other instances within the cache time).
/// </summary>
public sealed class TableVendorAliasStore(TrackerStorage storage, TimeProvider time) : IInstallationVendorAliasStore
{
    private const string Partition = "alias";
    internal static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private (DateTimeOffset ReadAt, IReadOnlyList<InstallationVendorAlias> Aliases)? _cache;

    public async Task<IReadOnlyList<InstallationVendorAlias>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.VendorAliases, cancellationToken);
        var list = new List<InstallationVendorAlias>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            list.Add(ToAlias(row));
        }

        _cache = (time.GetUtcNow(), list);
        return list;
    }

    public async Task SaveAsync(InstallationVendorAlias alias, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.VendorAliases, cancellationToken);
        await table.UpsertEntityAsync(
            new TableEntity(Partition, TableKeys.Encode(alias.Alias.Trim().ToLowerInvariant()))
            {
                ["Alias"] = alias.Alias.Trim(),
                ["VendorId"] = alias.VendorId,
                ["By"] = alias.By,
                ["At"] = alias.At,
                ["Note"] = alias.Note,
            },
            TableUpdateMode.Replace,
            cancellationToken);
        await ListAsync(cancellationToken);
    }

    public IReadOnlyList<InstallationVendorAlias> Current()
    {
        if (_cache is { } cache && time.GetUtcNow() - cache.ReadAt < CacheFor)
        {
            return cache.Aliases;
        }

        var list = new List<InstallationVendorAlias>();
        try
        {
            // Synchronous on purpose: called when a matcher index is built (once per sync run or backfill).
            foreach (var row in storage.TableClient(TrackerStorage.VendorAliases).Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}")))
            {
                list.Add(ToAlias(row));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No alias was ever added: the table does not exist yet.
        }

        _cache = (time.GetUtcNow(), list);
        return list;
    }

    private static InstallationVendorAlias ToAlias(TableEntity row) => new(
        row.GetString("Alias") ?? "",
        row.GetString("VendorId") ?? "",
        row.GetString("By") ?? "",
        row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        row.GetString("Note"));
}
