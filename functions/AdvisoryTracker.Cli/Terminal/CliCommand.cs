using System.CommandLine;

namespace AdvisoryTracker.Cli.Terminal;

/// <summary>
/// One CLI verb (<c>serve</c>, <c>match</c>, <c>ingest</c>, ...) as a System.CommandLine <see cref="Command"/>. Commands
/// are discovered by reflection, so adding one is adding a class. Results go to stdout, everything else (errors,
/// warnings, progress) to stderr. Exit codes: 0 success, 1 failure or findings, 2 usage error; a command may define
/// more (3 and up) for particular failures and says so in its description.
/// </summary>
internal abstract class CliCommand : Commands.ICliCommand
{
    /// <summary>What the command does, one line: the first line of its <c>--help</c> and of the command list.</summary>
    public abstract string Description { get; }

    /// <summary>The synopsis printed after a usage error, e.g. <c>match --inventory &lt;devices.csv&gt; --advisories &lt;folder&gt;</c>.</summary>
    public abstract string Usage { get; }

    /// <summary>
    /// The command with its options, subcommands and actions; the actions write to <paramref name="output"/>. Its name is
    /// the verb (each command class has a <c>Name</c> property with it).
    /// </summary>
    public abstract Command Create(CliOutput output);

    /// <summary>Runs this command alone with <paramref name="args"/> (what follows the command name), as the CLI would.</summary>
    public Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var output = new CliOutput(stdout, stderr, Interactive: false);
        return CliApp.RunAsync([this], [Create(output).Name, .. args], output, cancellationToken);
    }
}
