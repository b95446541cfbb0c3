using System.Diagnostics;
using System.Text.Json.Nodes;
using AdvisoryTracker.TestInfrastructure;

namespace AdvisoryTracker.Integration.Tests.Cli;

/// <summary>
/// Issue 15, point 2: the local runner (<c>AdvisoryTracker.Cli serve</c>), started as a process with wrong settings in
/// its local.settings.json, prints one line per wrong setting on stderr (the setting's name, what is wrong), no stack
/// trace, and exits 1 without serving.
/// </summary>
public sealed class MisconfiguredStartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("misconfigured-start-").FullName;

    [Fact]
    public async Task Serve_WithWrongSettings_PrintsOneLinePerSettingAndExits1()
    {
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json")))!;
        values["Values"]!["Smtp__Port"] = "0";
        values["Values"]!["Notifications__ActionLinkDays"] = "0";
        values["Values"]!["Console__SessionLifetime"] = "8.00:00:00";
        values["Values"]!["LocalRunner__Urls"] = "http://127.0.0.1:0";
        await File.WriteAllTextAsync(Path.Combine(_folder, "local.settings.json"), values.ToJsonString());

        var (code, stdout, stderr) = await RunCliAsync(_folder, "serve");

        Assert.Equal(1, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            [
                "serve: setting problem: Console__SessionLifetime: must be positive and at most 7 days (is 8.00:00:00)",
                "serve: setting problem: Notifications__ActionLinkDays: must be from 1 to 365 (is 0)",
                "serve: setting problem: Smtp__Port: must be from 1 to 65535 (is 0)",
            ],
            lines.Order(StringComparer.Ordinal));
        Assert.DoesNotMatch(@"(?m)^\s+at ", stderr + stdout);
        Assert.DoesNotContain("Exception", stderr + stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithoutAFunctionKey_NamesTheSetting()
    {
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json")))!;
        values["Values"]!["LocalRunner__FunctionKey"] = "";
        await File.WriteAllTextAsync(Path.Combine(_folder, "local.settings.json"), values.ToJsonString());

        var (code, _, stderr) = await RunCliAsync(_folder, "serve");

        Assert.Equal(1, code);
        Assert.StartsWith("serve: setting problem: LocalRunner__FunctionKey: is not set", stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Code, string Stdout, string Stderr)> RunCliAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AdvisoryTracker.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the CLI did not exit (it started?): {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
