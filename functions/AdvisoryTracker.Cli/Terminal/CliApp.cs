using System.CommandLine;
using System.CommandLine.Parsing;
using AdvisoryTracker.Adapters.Configuration;

namespace AdvisoryTracker.Cli.Terminal;

/// <summary>
/// The command line: every <see cref="CliCommand"/> under one root, parsed by System.CommandLine. <c>--help</c> on the
/// root or any command prints its help to stdout (exit 0); a usage error (unknown option or command, missing or bad
/// value) prints what is wrong, the command's synopsis and a pointer to <c>--help</c> on stderr and exits 2.
/// </summary>
internal static class CliApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    /// <summary>Every command of this assembly (classes deriving from <see cref="CliCommand"/>), by name.</summary>
    public static IReadOnlyList<CliCommand> Commands { get; } = typeof(CliCommand).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(CliCommand).IsAssignableFrom(t))
        .Select(t => (CliCommand)Activator.CreateInstance(t, nonPublic: true)!)
        .OrderBy(c => c.GetType().Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>The root command with every command under it, each with the <see cref="CliCommand"/> it came from.</summary>
    public static (RootCommand Root, Dictionary<string, CliCommand> ByName) CreateRoot(IEnumerable<CliCommand> commands, CliOutput output)
    {
        var root = new RootCommand("IoMT advisory tracker: the local runner (serve) and operator commands over the same services and settings.");
        var byName = new Dictionary<string, CliCommand>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            var created = command.Create(output);
            byName.Add(created.Name, command);
            root.Subcommands.Add(created);
        }

        // No command: the list of commands, as --help shows it.
        root.SetAction(result => new System.CommandLine.Help.HelpAction().Invoke(result));
        return (root, byName);
    }

    /// <summary>Parses <paramref name="args"/> (command name first) and runs the command.</summary>
    /// <param name="handleTermination">Let Ctrl+C / SIGTERM cancel the command (the process entry point only).</param>
    public static async Task<int> RunAsync(IReadOnlyList<CliCommand> commands, IReadOnlyList<string> args, CliOutput output, CancellationToken cancellationToken, bool handleTermination = false)
    {
        var (root, byName) = CreateRoot(commands, output);
        // No @response-file expansion: a path argument may start with '@'.
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Action is not { ClearsParseErrors: true } && (result.Errors.Count > 0 || result.UnmatchedTokens.Count > 0))
        {
            await WriteUsageErrorAsync(result, byName, output.Error);
            return UsageError;
        }

        var invocation = new InvocationConfiguration
        {
            Output = output.Out,
            Error = output.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = handleTermination ? TimeSpan.FromSeconds(5) : null,
        };
        try
        {
            return await result.InvokeAsync(invocation, cancellationToken);
        }
        catch (Exception ex) when (SettingsFailure.Lines(ex) is { } lines)
        {
            // A misconfigured start: one line per wrong setting, no stack trace.
            foreach (var line in lines)
            {
                await output.Error.WriteLineAsync($"{CommandPath(result.CommandResult)}: setting problem: {line}");
            }

            return Failure;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested || ex.CancellationToken.IsCancellationRequested)
        {
            // Ctrl+C / SIGTERM (System.CommandLine cancels the token it gave the action) or the caller's token.
            await output.Error.WriteLineAsync($"{CommandPath(result.CommandResult)}: cancelled");
            return 130;
        }
    }

    /// <summary>"devices import": the command's names below the root.</summary>
    internal static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? at = command; at is CommandResult { Command: not RootCommand } current; at = current.Parent)
        {
            names.Insert(0, current.Command.Name);
        }

        return names.Count == 0 ? "AdvisoryTracker.Cli" : string.Join(' ', names);
    }

    private static async Task WriteUsageErrorAsync(ParseResult result, Dictionary<string, CliCommand> commands, TextWriter stderr)
    {
        var path = CommandPath(result.CommandResult);
        if (result.UnmatchedTokens.Count > 0)
        {
            // The first stray token is the mistake; what follows it is usually its value.
            var token = result.UnmatchedTokens[0];
            await stderr.WriteLineAsync(token.StartsWith('-')
                ? $"{path}: unknown option '{token}'"
                : result.CommandResult.Command.Subcommands.Count > 0
                    ? $"{path}: unknown command '{token}'"
                    : $"{path}: unexpected argument '{token}'");
        }

        // System.CommandLine words a stray token as "Unrecognized command or argument 'x'": said above in our words.
        foreach (var error in result.Errors.Where(e => !result.UnmatchedTokens.Any(t => e.SymbolResult is null or CommandResult && e.Message.Contains($"'{t}'", StringComparison.Ordinal))))
        {
            await stderr.WriteLineAsync($"{path}: {error.Message}");
        }

        var top = result.CommandResult;
        while (top.Parent is CommandResult { Command: not RootCommand } parent)
        {
            top = parent;
        }

        if (top.Command is not RootCommand && commands.TryGetValue(top.Command.Name, out var command))
        {
            await stderr.WriteLineAsync($"usage: {command.Usage}");
        }
        else
        {
            await stderr.WriteLineAsync($"usage: AdvisoryTracker.Cli <command> [options]; commands: {string.Join(", ", commands.Keys.Order(StringComparer.Ordinal))}");
        }

        await stderr.WriteLineAsync($"run '{(path == "AdvisoryTracker.Cli" ? path : "AdvisoryTracker.Cli " + path)} --help' for details");
    }
}
