using System.Diagnostics;
using System.Text;

namespace AdvisoryTracker.TestInfrastructure.Emulators;

/// <summary>
/// A Node.js tool from infra/node_modules started for the test run and stopped (with its process tree, by process id)
/// when disposed. Its output is kept for diagnostics.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>"exited with code N" once the process has ended, else null.</summary>
    public string? ExitDescription => _process.HasExited ? $"exited with code {_process.ExitCode}" : null;

    public static NodeProcess Start(string tool, params string[] arguments)
    {
        var path = RepositoryPaths.InfraNodeBin(tool);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{path} is missing: run 'npm ci --prefix infra' first (.ci/run and the README's test command do it).");
        }

        return Run(new ProcessStartInfo(path), tool, arguments);
    }

    /// <summary>Runs a Node.js script of the repository (<c>node script args...</c>) from the infra folder.</summary>
    public static NodeProcess StartScript(string scriptPath, params string[] arguments) =>
        Run(new ProcessStartInfo("node"), Path.GetFileName(scriptPath), [scriptPath, .. arguments]);

    private static NodeProcess Run(ProcessStartInfo info, string tool, string[] arguments)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.WorkingDirectory = Path.Combine(RepositoryPaths.Root, "infra");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
            // Left for the OS; nothing else to do in a test run.
        }

        _process.Dispose();
    }
}
