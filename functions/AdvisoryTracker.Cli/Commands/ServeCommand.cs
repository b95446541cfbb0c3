using AdvisoryTracker.Cli.LocalRunner;
using Microsoft.AspNetCore.Builder;

namespace AdvisoryTracker.Cli.Commands;

/// <summary><c>serve</c>: the local runner (timers and the admin API at http://localhost:7071/api).</summary>
internal sealed class ServeCommand : ICliCommand
{
    public string Name => "serve";

    public string Description => "run the scheduled pipeline and the admin API locally (http://localhost:7071/api)";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = LocalRunnerHost.Build(args);
        }
        catch (InvalidOperationException ex)
        {
            await stderr.WriteLineAsync($"serve: {ex.Message}");
            return 2;
        }

        await app.RunAsync(cancellationToken);
        return 0;
    }
}
