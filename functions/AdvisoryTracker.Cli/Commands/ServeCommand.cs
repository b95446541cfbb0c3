using System.CommandLine;
using AdvisoryTracker.Cli.LocalRunner;
using AdvisoryTracker.Cli.Terminal;
using Microsoft.AspNetCore.Builder;

namespace AdvisoryTracker.Cli.Commands;

/// <summary><c>serve</c>: the local runner (timers and the admin API at http://localhost:7071/api).</summary>
internal sealed class ServeCommand : CliCommand
{
    public string Name => "serve";

    public override string Description =>
        "Run the scheduled jobs and the admin API and console locally (http://localhost:7071/api) until Ctrl+C; " +
        "settings from local.settings.json and the environment. Exit code 2 when LocalRunner__FunctionKey is not set.";

    public override string Usage => "serve";

    public override Command Create(CliOutput output)
    {
        var command = new Command(Name, Description);
        command.SetAction(async (_, cancellationToken) =>
        {
            WebApplication app;
            try
            {
                app = LocalRunnerHost.Build([]);
            }
            catch (InvalidOperationException ex)
            {
                await output.Error.WriteLineAsync($"serve: {ex.Message}");
                return CliApp.UsageError;
            }

            await app.RunAsync(cancellationToken);
            return CliApp.Success;
        });
        return command;
    }
}
