using AdvisoryTracker.Cli.Terminal;

return await CliApp.RunAsync(CliApp.Commands, args, CliOutput.FromConsole(), CancellationToken.None, handleTermination: true);
