using System.Runtime.CompilerServices;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Storage;
using Azure;
using Azure.Data.Tables;

namespace AdvisoryTracker.Adapters.Storage;

/// <summary>
/// Devices table: PartitionKey "device", RowKey = encoded device id. One partition keeps reads by id to a point read
/// and lets an import write up to 100 devices per atomic batch; a hospital's model list (hundreds to tens of thousands
/// of rows) is far inside a partition's throughput.
/// </summary>
public sealed class TableDeviceRegistry(TrackerStorage storage, TimeProvider time) : IDeviceRegistry
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

    internal static TableEntity ToEntity(Device device, DateTimeOffset updatedAt) =>
        new(Partition, TableKeys.Encode(device.Id))
        {
            ["DeviceId"] = device.Id,
            ["Manufacturer"] = device.Manufacturer,
            ["Model"] = device.Model,
            ["Version"] = device.Version,
            ["Segment"] = device.Segment.ToName(),
            ["Department"] = device.Department,
            ["Contacts"] = string.Join(';', device.Contacts),
            ["FdaProductCode"] = device.FdaProductCode,
            ["FdaSubmissionNumber"] = device.FdaSubmissionNumber,
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
        };
        return new StoredDevice(device, entity.ETag.ToString(), entity.GetDateTimeOffset("UpdatedAt"));
    }
}
