using System.CommandLine;
using System.Globalization;
using System.Text;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Cli.Terminal;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Remediation;
using AdvisoryTracker.Domain.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// <c>devices import --file devices.csv</c> and <c>devices export [--file out.csv]</c>: the device registry as CSV,
/// with the same format, validation and storage as the admin API's <c>/api/devices/import</c> and <c>/export</c>.
/// An import with any bad line stores nothing and lists every bad line on stderr.
/// </summary>
internal sealed class DevicesCommand : StorageCommand
{
    public DevicesCommand()
        : base(null)
    {
    }

    /// <summary>For tests: settings over the file and environment.</summary>
    internal DevicesCommand(Action<IConfigurationBuilder> configure)
        : base(configure)
    {
    }

    public string Name => "devices";

    public override string Description =>
        "The device registry as CSV, with the same format, validation and storage as the admin API's /api/devices/import and /export.";

    public override string Usage => "devices import --file <devices.csv> | devices export [--file <out.csv>]";

    public override Command Create(CliOutput output)
    {
        var import = new Command(
            "import",
            "Store every device of a CSV file (id,manufacturer,model,version,segment,department,contacts) and queue the backfill matching; " +
            "a file with any bad line stores nothing and lists every bad line on stderr. Prints the number stored. " +
            "Exit codes: 0 stored, 1 bad lines or storage failed part way, 2 usage error, 3 unreadable file.");
        var importFile = import.Require(CliOptions.Create<string>("--file", "the CSV file to import", "devices.csv"));
        import.With(importFile);
        import.SetAction((result, cancellationToken) => ImportAsync(MatchCommand.FromInvocationDirectory(result.GetValue(importFile)!), output, cancellationToken));

        var export = new Command("export", "Write the registry as CSV to stdout or to --file. Exit codes: 0 written, 2 usage error, 3 file not writable.");
        var exportFile = CliOptions.Create<string>("--file", "write to this file instead of stdout", "out.csv");
        export.With(exportFile);
        export.SetAction((result, cancellationToken) =>
            ExportAsync(result.GetValue(exportFile) is { } file ? MatchCommand.FromInvocationDirectory(file) : null, output.Out, output.Error, cancellationToken));

        return new Command(Name, Description) { import, export };
    }

    private async Task<int> ImportAsync(string file, CliOutput output, CancellationToken cancellationToken)
    {
        var (stdout, stderr) = (output.Out, output.Error);
        string csv;
        try
        {
            csv = await File.ReadAllTextAsync(file, new UTF8Encoding(false, true), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            await stderr.WriteLineAsync($"devices import: cannot read '{file}': {e.Message}");
            return 3;
        }

        await using var services = BuildServices();
        var administration = Administration(services);
        var (devices, errors) = administration.ValidateCsv(csv);
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                await stderr.WriteLineAsync($"devices import: {file}: line {e.Line.ToString(CultureInfo.InvariantCulture)}: {(e.Field is "line" or "header" ? "" : e.Field + " ")}{e.Message}");
            }

            await stderr.WriteLineAsync($"devices import: {errors.Count.ToString(CultureInfo.InvariantCulture)} problem(s); nothing was stored");
            return 1;
        }

        if (devices.Count == 0)
        {
            await stderr.WriteLineAsync($"devices import: {file} holds a header but no devices; nothing was stored");
            return 1;
        }

        DeviceImportResult result;
        using (var display = output.Progress("devices import"))
        {
            var total = devices.Count.ToString(CultureInfo.InvariantCulture);
            display.Step($"storing {total} device(s)…");
            result = await administration.ImportAsync(
                devices,
                new InlineProgress<int>(stored => display.Status($"{stored.ToString(CultureInfo.InvariantCulture)} of {total} device(s) stored")),
                cancellationToken);
        }

        await stdout.WriteLineAsync(result.Stored.ToString(CultureInfo.InvariantCulture));
        if (result.StorageError is { } storageError)
        {
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"devices import: {result.Stored} of {result.Total} devices were stored; {storageError} (line {result.FirstLineNotStored}). Import the same file again to complete it."));
            return 1;
        }

        await stderr.WriteLineAsync($"devices import: {result.Stored.ToString(CultureInfo.InvariantCulture)} device(s) stored; backfill matching queued");
        return 0;
    }

    private async Task<int> ExportAsync(string? file, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        await using var services = BuildServices();
        var devices = new List<Device>();
        await foreach (var device in services.GetRequiredService<IDeviceRegistry>().ListAllAsync(cancellationToken))
        {
            devices.Add(device);
        }

        var csv = DeviceCsv.Write(devices);
        if (file is null)
        {
            await stdout.WriteAsync(csv);
        }
        else
        {
            try
            {
                await File.WriteAllTextAsync(file, csv, new UTF8Encoding(false), cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"devices export: cannot write '{file}': {e.Message}");
                return 3;
            }
        }

        await stderr.WriteLineAsync($"devices export: {devices.Count.ToString(CultureInfo.InvariantCulture)} device(s){(file is null ? "" : " written to " + file)}");
        return 0;
    }

    /// <summary>The API's administration service over the same storage (the CLI has no admin API registrations).</summary>
    private static DeviceAdministrationService Administration(IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<DeviceAdministrationService>(
            services,
            (IDeviceRegistryAdmin)services.GetRequiredService<TableDeviceRegistry>(),
            (IRemediationStore)services.GetRequiredService<TableMatchStore>());
}
