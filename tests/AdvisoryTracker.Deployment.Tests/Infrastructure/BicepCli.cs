using System.Diagnostics;

namespace AdvisoryTracker.Deployment.Tests.Infrastructure;

/// <summary>Runs the Bicep CLI from the NuGet package, offline.</summary>
/// <remarks>
/// <c>--no-restore</c> is what keeps the CLI off the network: without it even a template without registry modules makes
/// the CLI look a host name up (seen with strace on 0.49.2). As a second guard every HTTP(S) request is sent to a
/// proxy address on loopback where nothing listens, so an attempt fails here instead of leaving the machine.
/// </remarks>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly Lock ExecutableLock = new();

    public static BicepRun Lint(string workingDirectory, string pattern) =>
        Run(workingDirectory, "lint", "--pattern", pattern, "--no-restore");

    public static BicepRun LintFile(string file) =>
        Run(Path.GetDirectoryName(file)!, "lint", file, "--no-restore");

    public static BicepRun Build(string workingDirectory, string pattern, string outputDirectory) =>
        Run(workingDirectory, "build", "--pattern", pattern, "--outdir", outputDirectory, "--no-restore");

    public static BicepRun BuildFile(string file, string outputFile) =>
        Run(Path.GetDirectoryName(file)!, "build", file, "--outfile", outputFile, "--no-restore");

    private static BicepRun Run(string workingDirectory, params string[] arguments)
    {
        var executable = EnsureExecutable();
        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        const string nowhere = "http://127.0.0.1:9";
        startInfo.Environment["HTTPS_PROXY"] = nowhere;
        startInfo.Environment["HTTP_PROXY"] = nowhere;
        startInfo.Environment["ALL_PROXY"] = nowhere;
        startInfo.Environment.Remove("NO_PROXY");

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {executable}.");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new BicepRun(
            $"bicep {string.Join(' ', arguments)}",
            process.ExitCode,
            standardOutput.GetAwaiter().GetResult(),
            standardError.GetAwaiter().GetResult());
    }

    /// <summary>NuGet extraction does not always keep the execute bit; add it when missing.</summary>
    private static string EnsureExecutable()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The referenced Bicep CLI package is Azure.Bicep.CommandLine.linux-x64.");
        }

        var executable = RepositoryLayout.BicepExecutable;
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                "The Bicep CLI is missing: restore tests/AdvisoryTracker.Deployment.Tests (package Azure.Bicep.CommandLine.linux-x64).",
                executable);
        }

        lock (ExecutableLock)
        {
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            var mode = File.GetUnixFileMode(executable);
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(executable, mode | execute);
            }
        }

        return executable;
    }
}

/// <summary>One CLI run. Diagnostics ("file(line,col) : Warning rule: message") go to standard error.</summary>
internal sealed record BicepRun(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public IReadOnlyList<string> DiagnosticLines =>
        StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string Describe() =>
        $"{CommandLine} exited with {ExitCode}.{Environment.NewLine}stderr:{Environment.NewLine}{StandardError}" +
        $"{Environment.NewLine}stdout:{Environment.NewLine}{StandardOutput}";
}
