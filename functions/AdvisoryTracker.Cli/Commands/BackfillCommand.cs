using System.CommandLine;
using System.Globalization;
using AdvisoryTracker.Cli.Terminal;
using AdvisoryTracker.Domain.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// <c>backfill</c>: matches the devices queued for backfill (after a registration or an import) against the stored
/// advisories now, what the DeviceBackfill timer does, with progress; prints the number of queue entries done.
/// </summary>
internal sealed class BackfillCommand : StorageCommand
{
    public BackfillCommand()
        : base(null)
    {
    }

    /// <summary>For tests: settings over the file and environment.</summary>
    internal BackfillCommand(Action<IConfigurationBuilder> configure)
        : base(configure)
    {
    }

    public string Name => "backfill";

    public override string Description =>
        "Match the devices queued for backfill (registered or imported since) against the stored advisories now, as the DeviceBackfill timer does; " +
        "prints the number of queue entries done.";

    public override string Usage => "backfill";

    public override Command Create(CliOutput output)
    {
        var command = new Command(Name, Description);
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var services = BuildServices();
            int done;
            using (var display = output.Progress("backfill"))
            {
                display.Step("matching queued devices against the stored advisories…");
                done = await services.GetRequiredService<DeviceBackfillService>().RunAsync(
                    new InlineProgress<DeviceBackfillProgress>(p => display.Status(string.Create(CultureInfo.InvariantCulture,
                        $"{p.EntriesDone} queue entries done, {p.AdvisoriesRead} advisories read (now: {(p.CurrentEntry == DeviceBackfillService.AllDevicesMarker ? "all devices" : p.CurrentEntry)})"))),
                    cancellationToken);
            }

            await output.Out.WriteLineAsync(done.ToString(CultureInfo.InvariantCulture));
            await output.Error.WriteLineAsync($"backfill: {done.ToString(CultureInfo.InvariantCulture)} queue entr{(done == 1 ? "y" : "ies")} done");
            return CliApp.Success;
        });
        return command;
    }
}
