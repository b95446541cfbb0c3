using System.Globalization;
using AdvisoryTracker.Cli.LocalRunner;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// <c>ingest [--source NAME] [--from FOLDER]</c>: syncs the configured sources now (ignoring their minimum intervals),
/// or only one, or reads CSAF documents from a folder (air-gapped sites), and prints what each source did.
/// </summary>
internal sealed class IngestCommand : ICliCommand
{
    public string Name => "ingest";

    public string Description => "sync advisory sources now: [--source NAME] | [--from FOLDER of CSAF .json]";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        string? source = null, folder = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--source" when i + 1 < args.Length:
                    source = args[++i];
                    break;
                case "--from" when i + 1 < args.Length:
                    folder = args[++i];
                    break;
                default:
                    await stderr.WriteLineAsync($"ingest: unknown or incomplete option '{args[i]}'. usage: ingest [--source NAME] [--from FOLDER]");
                    return 2;
            }
        }

        if (folder is not null && !Directory.Exists(folder))
        {
            await stderr.WriteLineAsync($"ingest: folder '{folder}' does not exist");
            return 4;
        }

        await using var services = ServiceHost.Build(rewrite: folder is null ? null : settings => FolderOnly(settings, Path.GetFullPath(folder)));
        var runner = services.GetRequiredService<SourceSyncRunner>();
        if (source is not null && !runner.SourceNames.Contains(source, StringComparer.Ordinal))
        {
            await stderr.WriteLineAsync($"ingest: no source named '{source}'; configured: {string.Join(", ", runner.SourceNames)}");
            return 2;
        }

        await stderr.WriteLineAsync($"ingest: syncing {(source ?? string.Join(", ", runner.SourceNames))}");
        var reports = await runner.RunAsync(force: true, onlySource: folder is null ? source : "cli-folder", cancellationToken);
        foreach (var report in reports)
        {
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{report.SourceName}: {report.Status.ToString().ToLowerInvariant()}, {report.DocumentsStored} stored, {report.DocumentsRejected} rejected, {report.Duration.TotalSeconds:0.0} s{(report.Error is null ? "" : " — " + report.Error)}"));
        }

        return reports.Any(r => r.Status == SourceSyncStatus.Failed) ? 1 : 0;
    }

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
