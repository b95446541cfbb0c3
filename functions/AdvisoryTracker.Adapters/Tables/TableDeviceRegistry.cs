using System.Runtime.CompilerServices;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Paging;
using Azure;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>
/// Devices table: PartitionKey "device", RowKey = encoded device id. One partition keeps reads by id to a point read
/// and lets an import write up to 100 devices per atomic batch; a hospital's model list (hundreds to tens of thousands
/// of rows) is far inside a partition's throughput.
/// Listing filters use the lower-case columns ManufacturerKey and DepartmentKey and the Segment column, through
/// <see cref="TableClient.CreateQueryFilter(System.FormattableString)"/> only.
/// </summary>
public sealed class TableDeviceRegistry(TrackerStorage storage, TimeProvider time) : IDeviceRegistry, IDeviceRegistryAdmin
{
    public const string Partition = "device";

    public async Task<StoredDevice?> GetAsync(string deviceId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Devices, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Encode(deviceId), cancellationToken: cancellationToken);
        return response.HasValue ? ToStored(response.Value!) : null;
    }

    public async Task<StoredDevice?> AddAsync(Device device, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Devices, cancellationToken);
        var entity = ToEntity(device, time.GetUtcNow());
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken);
            return new StoredDevice(device, response.Headers.ETag?.ToString() ?? "", entity.GetDateTimeOffset("UpdatedAt"));
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<Device> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Devices, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return ToStored(entity).Device;
        }
    }

    public async Task<ResultPage<StoredDevice>> QueryAsync(DeviceQuery query, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Devices, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        if (query.Manufacturer is { } manufacturer)
        {
            filter += " and " + TableClient.CreateQueryFilter($"ManufacturerKey eq {Normalise(manufacturer)}");
        }

        if (query.Segment is { } segment)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Segment eq {segment.ToName()}");
        }

        if (query.Department is { } department)
        {
            filter += " and " + TableClient.CreateQueryFilter($"DepartmentKey eq {Normalise(department)}");
        }

        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: query.PageSize, cancellationToken: cancellationToken)
            .AsPages(query.ContinuationToken, query.PageSize);
        await foreach (var page in pages)
        {
            return new ResultPage<StoredDevice>(page.Values.Select(ToStored).ToList(), page.ContinuationToken);
        }

        return new ResultPage<StoredDevice>([], null);
    }

    public async Task<DeviceWriteResult> ReplaceAsync(Device device, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Devices, cancellationToken);
        var entity = ToEntity(device, time.GetUtcNow());
        try
        {
            var response = await table.UpdateEntityAsync(entity, new ETag(ifMatch), TableUpdateMode.Replace, cancellationToken);
            return new DeviceWriteResult(DeviceWriteOutcome.Done, new StoredDevice(device, response.Headers.ETag?.ToString() ?? "", entity.GetDateTimeOffset("UpdatedAt")));
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404 or 412)
        {
            // 400: storage refused the If-Match value itself (not an ETag it issued), so it is not the current one.
            return new DeviceWriteResult(ex.Status == 404 ? DeviceWriteOutcome.NotFound : DeviceWriteOutcome.PreconditionFailed, null);
        }
    }

    public async Task<DeviceWriteOutcome> DeleteAsync(string deviceId, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TrackerStorage.Devices, cancellationToken);
        try
        {
            var response = await table.DeleteEntityAsync(Partition, TableKeys.Encode(deviceId), new ETag(ifMatch), cancellationToken);
            return response.Status == 404 ? DeviceWriteOutcome.NotFound : DeviceWriteOutcome.Done;
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404 or 412)
        {
            // 400: storage refused the If-Match value itself (not an ETag it issued), so it is not the current one.
            return ex.Status == 404 ? DeviceWriteOutcome.NotFound : DeviceWriteOutcome.PreconditionFailed;
        }
    }

    public async Task UpsertBatchAsync(IReadOnlyList<Device> devices, CancellationToken cancellationToken)
    {
        if (devices.Count is 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(devices), devices.Count, "a batch holds 1 to 100 devices");
        }

        var table = await storage.TableAsync(TrackerStorage.Devices, cancellationToken);
        var now = time.GetUtcNow();
        await table.SubmitTransactionAsync(
            devices.Select(d => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(d, now))),
            cancellationToken);
    }

    /// <summary>The form filters compare: trimmed, lower-case (invariant).</summary>
    public static string Normalise(string value) => value.Trim().ToLowerInvariant();

    internal static TableEntity ToEntity(Device device, DateTimeOffset updatedAt) =>
        new(Partition, TableKeys.Encode(device.Id))
        {
            ["DeviceId"] = device.Id,
            ["Manufacturer"] = device.Manufacturer,
            ["ManufacturerKey"] = Normalise(device.Manufacturer),
            ["Model"] = device.Model,
            ["Version"] = device.Version,
            ["Segment"] = device.Segment.ToName(),
            ["Department"] = device.Department,
            ["DepartmentKey"] = Normalise(device.Department),
            ["Contacts"] = string.Join(';', device.Contacts),
            ["FdaProductCode"] = device.FdaProductCode,
            ["FdaSubmissionNumber"] = device.FdaSubmissionNumber,
            ["PatientCount"] = device.PatientCount,
            ["Prescribers"] = device.Prescribers.Count == 0 ? null : string.Join(';', device.Prescribers),
            ["UpdatedAt"] = updatedAt,
        };

    internal static StoredDevice ToStored(TableEntity entity)
    {
        CareSegments.TryParse(entity.GetString("Segment"), out var segment);
        var device = new Device
        {
            Id = entity.GetString("DeviceId") ?? TableKeys.Decode(entity.RowKey),
            Manufacturer = entity.GetString("Manufacturer") ?? "",
            Model = entity.GetString("Model") ?? "",
            Version = entity.GetString("Version"),
            Segment = segment,
            Department = entity.GetString("Department") ?? "",
            Contacts = (entity.GetString("Contacts") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries),
            FdaProductCode = entity.GetString("FdaProductCode"),
            FdaSubmissionNumber = entity.GetString("FdaSubmissionNumber"),
            PatientCount = entity.GetInt32("PatientCount"),
            Prescribers = (entity.GetString("Prescribers") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries),
        };
        return new StoredDevice(device, entity.ETag.ToString(), entity.GetDateTimeOffset("UpdatedAt"));
    }
}
