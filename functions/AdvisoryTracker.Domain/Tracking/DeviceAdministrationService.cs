using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Remediation;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Domain.Tracking;

/// <summary>
/// Changes to registered devices: replace (If-Match), delete (If-Match, with the device's matches) and bulk import.
/// Every change that can alter matches queues a backfill, so no request waits for matching.
/// </summary>
public sealed partial class DeviceAdministrationService(
    DeviceValidator validator,
    IDeviceRegistryAdmin registry,
    IRemediationStore remediation,
    IDeviceBackfillQueue backfill,
    ILogger<DeviceAdministrationService> logger)
{
    /// <summary>Imports above this many devices queue one "match all devices" request instead of one per device.</summary>
    public const int PerDeviceBackfillLimit = 50;

    public const int BatchSize = 100;

    public async Task<DeviceUpdateResult> ReplaceAsync(string deviceId, DeviceInput input, string ifMatch, CancellationToken cancellationToken)
    {
        if (input.Id is { Length: > 0 } bodyId && !string.Equals(bodyId.Trim(), deviceId, StringComparison.Ordinal))
        {
            return new DeviceUpdateResult(null, null, [new FieldError("id", "must match the id in the path, or be left out")]);
        }

        var (device, errors) = validator.Validate(input with { Id = deviceId });
        if (device is null)
        {
            return new DeviceUpdateResult(null, null, errors);
        }

        var result = await registry.ReplaceAsync(device, ifMatch, cancellationToken);
        if (result.Outcome == DeviceWriteOutcome.Done)
        {
            await backfill.EnqueueAsync(device.Id, cancellationToken);
            LogReplaced(device.Id);
        }

        return new DeviceUpdateResult(result.Outcome, result.Device, []);
    }

    /// <summary>Deletes the device, then its matches, remediation history and per-advisory index rows (pending outbox rows stay for the relay).</summary>
    public async Task<DeviceWriteOutcome> DeleteAsync(string deviceId, string ifMatch, CancellationToken cancellationToken)
    {
        var outcome = await registry.DeleteAsync(deviceId, ifMatch, cancellationToken);
        if (outcome == DeviceWriteOutcome.Done)
        {
            var removed = await remediation.DeleteForDeviceAsync(deviceId, cancellationToken);
            LogDeleted(deviceId, removed);
        }

        return outcome;
    }

    /// <summary>Validates every line with the same rules as a registration; ids are required and must be unique in the file.</summary>
    public (IReadOnlyList<Device> Devices, IReadOnlyList<ImportLineError> Errors) ValidateImport(IReadOnlyList<(int Line, DeviceInput Input)> lines)
    {
        var devices = new List<Device>(lines.Count);
        var errors = new List<ImportLineError>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, input) in lines)
        {
            if (string.IsNullOrWhiteSpace(input.Id))
            {
                errors.Add(new ImportLineError(line, "id", "is required in an import (so that importing the same file again replaces rather than duplicates)"));
                continue;
            }

            var (device, lineErrors) = validator.Validate(input);
            if (device is null)
            {
                errors.AddRange(lineErrors.Select(e => new ImportLineError(line, e.Field, e.Message)));
                continue;
            }

            if (!seen.TryAdd(device.Id, line))
            {
                errors.Add(new ImportLineError(line, "id", $"'{device.Id}' is already on line {seen[device.Id]}"));
                continue;
            }

            devices.Add(device);
        }

        return (devices, errors);
    }

    /// <summary>
    /// Reads a device CSV (<see cref="DeviceCsv.ReadRows"/>) and validates every line as <see cref="ValidateImport"/>
    /// does: all problems by line (sorted), or, when there is none, every device with its line for <see cref="ImportAsync"/>.
    /// </summary>
    public (IReadOnlyList<(int Line, Device Device)> Devices, IReadOnlyList<ImportLineError> Errors) ValidateCsv(string csv)
    {
        var read = DeviceCsv.ReadRows(csv);
        var (devices, errors) = ValidateImport(read.Rows);
        var all = read.Errors.Select(e => new ImportLineError(e.LineNumber, e.Field, e.Message)).Concat(errors).OrderBy(e => e.Line).ToList();
        return all.Count > 0 ? ([], all) : (read.Rows.Select(r => r.Line).Zip(devices).ToList(), []);
    }

    /// <summary>
    /// Stores validated devices (add or replace by id) in atomic batches of <see cref="BatchSize"/>. On a storage
    /// failure it stops and reports how far it got: every batch before it is stored, nothing after it; the import is
    /// idempotent, so sending the same file again completes it.
    /// </summary>
    public Task<DeviceImportResult> ImportAsync(IReadOnlyList<(int Line, Device Device)> devices, CancellationToken cancellationToken) =>
        ImportAsync(devices, progress: null, cancellationToken);

    /// <summary>As <see cref="ImportAsync(IReadOnlyList{ValueTuple{int, Device}}, CancellationToken)"/>; <paramref name="progress"/> hears the number of devices stored after each batch.</summary>
    public async Task<DeviceImportResult> ImportAsync(IReadOnlyList<(int Line, Device Device)> devices, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var stored = 0;
        foreach (var batch in devices.Chunk(BatchSize))
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                await registry.UpsertBatchAsync(batch.Select(b => b.Device).ToList(), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || cancellationToken.IsCancellationRequested)
            {
                // Stopped part way (storage failed, or the request's time limit): report how far it got and still queue
                // the backfill for what was stored, with a token of its own (the request's may be cancelled).
                LogImportFailed(ex, stored, devices.Count);
                var queued = await TryQueueBackfillAsync(devices.Take(stored).Select(d => d.Device.Id).ToList());
                var why = ex is OperationCanceledException ? "the request's time limit was reached" : "storage refused a batch";
                return new DeviceImportResult(stored, devices.Count, batch[0].Line, $"{why}; nothing from this line on was stored") { BackfillQueued = queued };
            }

            stored += batch.Length;
            progress?.Report(stored);
        }

        if (!await TryQueueBackfillAsync(devices.Select(d => d.Device.Id).ToList()))
        {
            return new DeviceImportResult(stored, devices.Count, null, "every device was stored but the backfill could not be queued") { BackfillQueued = false };
        }

        LogImported(stored);
        return new DeviceImportResult(stored, devices.Count, null, null);
    }

    /// <summary>Queues the backfill, at most <see cref="BackfillQueueTimeout"/>; false when the queue did not take it.</summary>
    private async Task<bool> TryQueueBackfillAsync(IReadOnlyList<string> deviceIds)
    {
        if (deviceIds.Count == 0)
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(BackfillQueueTimeout);
        try
        {
            await QueueBackfillAsync(deviceIds, timeout.Token);
            return true;
        }
        catch (Exception ex)
        {
            LogBackfillNotQueued(ex, deviceIds.Count);
            return false;
        }
    }

    /// <summary>How long queuing an import's backfill may take once the import stopped.</summary>
    public static readonly TimeSpan BackfillQueueTimeout = TimeSpan.FromSeconds(15);

    private async Task QueueBackfillAsync(IReadOnlyList<string> deviceIds, CancellationToken cancellationToken)
    {
        if (deviceIds.Count > PerDeviceBackfillLimit)
        {
            await backfill.EnqueueAsync(DeviceBackfillService.AllDevicesMarker, cancellationToken);
            return;
        }

        foreach (var id in deviceIds)
        {
            await backfill.EnqueueAsync(id, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Device {DeviceId} replaced; backfill match queued")]
    private partial void LogReplaced(string deviceId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Device {DeviceId} deleted with {Matches} matches")]
    private partial void LogDeleted(string deviceId, int matches);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Import stored {Count} devices; backfill match queued")]
    private partial void LogImported(int count);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "The backfill for {Count} imported devices could not be queued; sending the file again queues it")]
    private partial void LogBackfillNotQueued(Exception exception, int count);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "Import stopped after {Stored} of {Total} devices")]
    private partial void LogImportFailed(Exception exception, int stored, int total);
}
