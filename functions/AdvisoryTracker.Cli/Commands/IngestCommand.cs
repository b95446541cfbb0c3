using System.CommandLine;
using System.Globalization;
using AdvisoryTracker.Cli.Terminal;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// <c>ingest [--source NAME] [--from FOLDER]</c>: syncs the configured sources now (ignoring their minimum intervals),
/// or only one, or reads CSAF documents from a folder (air-gapped sites), and prints what each source did (one line per
/// source on stdout, as it finishes). Progress on stderr. Exit 1 when a source failed, 4 when the folder does not exist.
/// </summary>
internal sealed class IngestCommand : StorageCommand
{
    public IngestCommand()
        : base(null)
    {
    }

    /// <summary>For tests: settings over the file and environment.</summary>
    internal IngestCommand(Action<IConfigurationBuilder> configure)
        : base(configure)
    {
    }

    public string Name => "ingest";

    public override string Description =>
        "Sync the advisory sources now (ignoring their minimum intervals): all, one (--source), or a folder of CSAF .json (--from). " +
        "Exit codes: 0 all synced, 1 a source failed, 2 usage error, 4 no such folder.";

    public override string Usage => "ingest [--source <name>] [--from <folder>]";

    public override Command Create(CliOutput output)
    {
        var source = CliOptions.Create<string>("--source", "sync only the configured source of this name", "name");
        var from = CliOptions.Create<string>("--from", "read CSAF .json documents from this folder instead of the configured sources (air-gapped sites)", "folder");
        var command = new Command(Name, Description).With(source, from);
        command.SetAction((result, cancellationToken) => IngestAsync(result.GetValue(source), result.GetValue(from), output, cancellationToken));
        return command;
    }

    private async Task<int> IngestAsync(string? source, string? folder, CliOutput output, CancellationToken cancellationToken)
    {
        var (stdout, stderr) = (output.Out, output.Error);
        folder = folder is null ? null : MatchCommand.FromInvocationDirectory(folder);
        if (folder is not null && !Directory.Exists(folder))
        {
            await stderr.WriteLineAsync($"ingest: folder '{folder}' does not exist");
            return 4;
        }

        await using var services = BuildServices(folder is null ? null : settings => FolderOnly(settings, Path.GetFullPath(folder)));
        var runner = services.GetRequiredService<SourceSyncRunner>();
        if (source is not null && !runner.SourceNames.Contains(source, StringComparer.Ordinal))
        {
            await stderr.WriteLineAsync($"ingest: no source named '{source}'; configured: {string.Join(", ", runner.SourceNames)}");
            return CliApp.UsageError;
        }

        await stderr.WriteLineAsync($"ingest: syncing {(source ?? string.Join(", ", runner.SourceNames))}");
        using var display = output.Progress("ingest");
        var progress = new InlineProgress<SourceSyncProgress>(p =>
        {
            if (p.Finished is not { } report)
            {
                display.Step($"[{p.Index}/{p.Count}] {p.SourceName}…");
                return;
            }

            display.Clear();
            stdout.WriteLine(Describe(report));
        });
        var reports = await runner.RunAsync(force: true, onlySource: folder is null ? source : "cli-folder", progress, cancellationToken);
        return reports.Any(r => r.Status == SourceSyncStatus.Failed) ? CliApp.Failure : CliApp.Success;
    }

    private static string Describe(SourceSyncReport report) => string.Create(CultureInfo.InvariantCulture,
        $"{report.SourceName}: {report.Status.ToString().ToLowerInvariant()}, {report.DocumentsStored} stored, {report.DocumentsRejected} rejected, {report.Duration.TotalSeconds:0.0} s{(report.Error is null ? "" : " — " + report.Error)}");

    /// <summary>The settings with the configured CSAF sources replaced by one folder source.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> FolderOnly(IEnumerable<KeyValuePair<string, string?>> settings, string folder) =>
        settings.Where(kv => !kv.Key.StartsWith("CsafSources:", StringComparison.OrdinalIgnoreCase) && !kv.Key.Equals("CsafSources", StringComparison.OrdinalIgnoreCase))
            .Concat(
            [
                new("CsafSources:0:Name", "cli-folder"),
                new("CsafSources:0:Kind", "Folder"),
                new("CsafSources:0:Location", folder),
            ]);
}
