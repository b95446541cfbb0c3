using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AdvisoryTracker.Cli.Terminal;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// Dry run of the matcher without storage or network:
/// <c>match --inventory devices.csv --advisories folder [--format json|text]</c>. Writes one JSON array of
/// {advisoryId, deviceId, status, confidence, explanation} to stdout for every pair whose vendor and product matched.
/// Exit codes: 0 success, 2 usage error, 3 bad inventory (line numbers on stderr), 4 unreadable advisory folder.
/// Invalid advisory files are reported on stderr and skipped.
/// </summary>
internal sealed class MatchCommand : CliCommand
{
    public string Name => "match";

    public override string Description =>
        "Dry-run matching of a device inventory against a folder of CSAF advisories, without storage or network: one JSON array on stdout. " +
        "Exit codes: 0 done, 2 usage error, 3 bad inventory, 4 unreadable advisory folder.";

    public override string Usage => "match --inventory <devices.csv> --advisories <folder> [--format json|text]";

    public override Command Create(CliOutput output)
    {
        var command = new Command(Name, Description);
        var inventory = command.Require(CliOptions.Create<string>("--inventory", "the device inventory (CSV: id,manufacturer,model,version,segment,department,contacts)", "devices.csv"));
        var advisories = command.Require(CliOptions.Create<string>("--advisories", "folder of CSAF .json documents (searched recursively)", "folder"));
        var format = CliOptions.Create<string>("--format", "json: one array of {advisoryId, deviceId, status, confidence, explanation}; text: one tab-separated line per pair");
        format.AcceptOnlyFromAmong("json", "text");
        format.DefaultValueFactory = _ => "json";
        command.With(inventory, advisories, format);
        command.SetAction((result, cancellationToken) => MatchAsync(
            result.GetValue(inventory)!, result.GetValue(advisories)!, result.GetValue(format) ?? "json", output.Out, output.Error, cancellationToken));
        return command;
    }

    private static async Task<int> MatchAsync(string inventory, string folder, string format, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        inventory = FromInvocationDirectory(inventory);
        folder = FromInvocationDirectory(folder);

        string csv;
        try
        {
            csv = await File.ReadAllTextAsync(inventory, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"match: cannot read inventory '{inventory}': {e.Message}");
            return 3;
        }

        var devices = DeviceCsv.Parse(csv);
        if (!devices.Succeeded)
        {
            foreach (var error in devices.Errors)
            {
                await stderr.WriteLineAsync($"match: {inventory}: {error}");
            }

            return 3;
        }

        List<string> files;
        try
        {
            files = [.. Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            await stderr.WriteLineAsync($"match: cannot read advisory folder '{folder}': {e.Message}");
            return 4;
        }

        var reader = new CsafReader();
        var matcher = new AdvisoryMatcher();
        var index = matcher.Index(devices.Devices);
        var matches = new List<DeviceMatch>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Advisory? advisory;
            try
            {
                var result = reader.Read(await File.ReadAllBytesAsync(file, cancellationToken));
                advisory = result.Advisory;
                if (advisory is null)
                {
                    // The reason names the failed schema rule or mandatory test and ends "at <JSON pointer>".
                    await stderr.WriteLineAsync($"match: skipped invalid {file}: {result.RejectionReason}");
                    continue;
                }

                foreach (var warning in result.Warnings)
                {
                    await stderr.WriteLineAsync($"match: warning {file}: {warning}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"match: skipped {file}: {e.Message}");
                continue;
            }

            matches.AddRange(matcher.Match(advisory, index));
        }

        await stderr.WriteLineAsync($"match: {devices.Devices.Count} devices, {files.Count} advisory files, {matches.Count} matched pairs ({matches.Count(m => m.Status.IsFlagged())} flagged)");
        if (format == "text")
        {
            foreach (var m in matches)
            {
                await stdout.WriteLineAsync($"{m.AdvisoryId}\t{m.DeviceId}\t{m.Status.ToName()}\t{m.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}\t{m.Explanation}");
            }

            return 0;
        }

        await WriteJsonAsync(matches, stdout);
        return 0;
    }

    /// <summary>
    /// <c>dotnet run</c> on a Web SDK project starts in the project folder; a relative path the user typed is meant
    /// relative to the shell's directory (PWD), so it is resolved there when it does not exist here.
    /// </summary>
    internal static string FromInvocationDirectory(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }

        var shellDirectory = Environment.GetEnvironmentVariable("PWD");
        return string.IsNullOrEmpty(shellDirectory) ? path : Path.Combine(shellDirectory, path);
    }

    private static async Task WriteJsonAsync(List<DeviceMatch> matches, TextWriter stdout)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var m in matches)
            {
                json.WriteStartObject();
                json.WriteString("advisoryId", m.AdvisoryId);
                json.WriteString("deviceId", m.DeviceId);
                json.WriteString("status", m.Status.ToName());
                json.WriteNumber("confidence", m.Confidence);
                json.WriteString("explanation", m.Explanation.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        await stdout.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
