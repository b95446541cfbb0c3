namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// One CLI verb run on its own (what follows the verb on the command line); implemented by
/// <see cref="Terminal.CliCommand"/>, which parses with System.CommandLine.
/// </summary>
internal interface ICliCommand
{
    Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken);
}
