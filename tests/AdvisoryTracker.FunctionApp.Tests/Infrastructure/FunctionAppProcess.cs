using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace AdvisoryTracker.FunctionApp.Tests.Infrastructure;

/// <summary>
/// The Function App started the way the Functions host starts a dotnet-isolated worker: <c>dotnet
/// AdvisoryTracker.Functions.dll --functions-uri ... --functions-worker-id ... --functions-request-id ...</c> from its
/// build output (worker.config.json, functions.metadata, deps.json), with the app settings as environment variables
/// and the variables the host adds (FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_APPLICATION_DIRECTORY, ...).
/// Stopped (with its process tree, by its own id) when disposed.
/// </summary>
public sealed class FunctionAppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private FunctionAppProcess(Process process, string workerId)
    {
        _process = process;
        WorkerId = workerId;
        Exited = process.WaitForExitAsync();
    }

    /// <summary>The Function App's build output, recorded by the test project at build time.</summary>
    public static string Directory { get; } =
        typeof(FunctionAppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "FunctionAppDirectory").Value!;

    public string WorkerId { get; }

    /// <summary>Completes when the process ends (a start that crashes ends here).</summary>
    public Task Exited { get; }

    /// <summary>The exit code, once <see cref="Exited"/> has completed.</summary>
    public int ExitCode => _process.ExitCode;

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

    public string Describe() =>
        (_process.HasExited ? $"The Function App process exited with code {_process.ExitCode}." : "The Function App process is running.")
        + Environment.NewLine + "Its output:" + Environment.NewLine + Output;

    public static FunctionAppProcess Start(Uri hostEndpoint, IReadOnlyDictionary<string, string> appSettings)
    {
        var assembly = Path.Combine(Directory, "AdvisoryTracker.Functions.dll");
        if (!File.Exists(assembly) || !File.Exists(Path.Combine(Directory, "functions.metadata")))
        {
            throw new FileNotFoundException("Build functions/AdvisoryTracker.Functions first (the test project references it).", assembly);
        }

        var workerId = Guid.NewGuid().ToString();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(assembly);
        info.ArgumentList.Add("--functions-uri");
        info.ArgumentList.Add(hostEndpoint.ToString());
        info.ArgumentList.Add("--functions-worker-id");
        info.ArgumentList.Add(workerId);
        info.ArgumentList.Add("--functions-request-id");
        info.ArgumentList.Add(Guid.NewGuid().ToString());
        info.ArgumentList.Add("--functions-grpc-max-message-length");
        info.ArgumentList.Add("2147483647");

        // Nothing of the test run's own environment that could change how the app starts.
        foreach (var name in info.Environment.Keys.ToArray())
        {
            if (name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase) && name != "DOTNET_ROOT"
                || name.StartsWith("AzureWebJobs", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("APPLICATIONINSIGHTS", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("Functions__", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("FUNCTIONS_", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment.Remove(name);
            }
        }

        // What the Functions host sets for a dotnet-isolated worker, then the app settings (App Service passes them as
        // environment variables).
        info.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        info.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = Directory;
        info.Environment["FUNCTIONS_WORKER_DIRECTORY"] = Directory;
        info.Environment["AzureWebJobsScriptRoot"] = Directory;
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in appSettings)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var app = new FunctionAppProcess(process, workerId);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await Exited.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.Dispose();
    }
}
