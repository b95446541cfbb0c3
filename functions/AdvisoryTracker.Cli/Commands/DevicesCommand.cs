using AdvisoryTracker.Cli.LocalRunner;
using System.Globalization;
using System.Text;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Registry;
using AdvisoryTracker.Domain.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// <c>devices import --file devices.csv</c> and <c>devices export [--file out.csv]</c>: the device registry as CSV,
/// with the same format, validation and storage as the admin API's <c>/api/devices/import</c> and <c>/export</c>.
/// An import with any bad line stores nothing and lists every bad line on stderr.
/// </summary>
internal sealed class DevicesCommand : ICliCommand
{
    private readonly Action<IConfigurationBuilder>? _configure;

    public DevicesCommand()
    {
    }

    /// <summary>For tests: settings over the file and environment.</summary>
    internal DevicesCommand(Action<IConfigurationBuilder> configure)
    {
        _configure = configure;
    }

    public string Name => "devices";

    public string Description => "import --file devices.csv | export [--file out.csv]: the device registry as CSV (same rules as the API)";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!CliArguments.TryParse(args, ["--file"], out var verb, out var options, out var error) || verb is not ("import" or "export"))
        {
            await stderr.WriteLineAsync(error ?? "usage: devices import --file devices.csv | devices export [--file out.csv]");
            return 2;
        }

        options.TryGetValue("--file", out var file);
        file = file is null ? null : MatchCommand.FromInvocationDirectory(file);
        if (verb == "import")
        {
            if (file is null)
            {
                await stderr.WriteLineAsync("devices import: --file is required");
                return 2;
            }

            return await ImportAsync(file, stdout, stderr, cancellationToken);
        }

        return await ExportAsync(file, stdout, stderr, cancellationToken);
    }

    private async Task<int> ImportAsync(string file, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
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

        await using var services = ServiceHost.Build(_configure);
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

        var result = await administration.ImportAsync(devices, cancellationToken);
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
        await using var services = ServiceHost.Build(_configure);
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
