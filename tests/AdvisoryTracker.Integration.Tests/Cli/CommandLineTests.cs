using System.CommandLine;
using AdvisoryTracker.Cli.Terminal;

namespace AdvisoryTracker.Integration.Tests.Cli;

/// <summary>
/// The command line as an operator meets it, in-process through the same entry as <c>Program.cs</c>: <c>--help</c> on
/// every command and subcommand (exit 0, help on stdout, the action not run), and usage errors (exit 2, the reason,
/// the synopsis and a pointer to --help on stderr, nothing on stdout).
/// </summary>
public sealed class CommandLineTests
{
    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(CliApp.Commands, args, new CliOutput(stdout, stderr, Interactive: false), CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Every command and subcommand path ("devices import"), read from the CLI itself so a new one is covered.</summary>
    private static List<string> AllPaths()
    {
        var paths = new List<string>();
        void Add(Command command, string prefix)
        {
            var path = prefix.Length == 0 ? command.Name : prefix + " " + command.Name;
            paths.Add(path);
            foreach (var child in command.Subcommands)
            {
                Add(child, path);
            }
        }

        foreach (var command in CliApp.CreateRoot(CliApp.Commands, new CliOutput(TextWriter.Null, TextWriter.Null, false)).Root.Subcommands)
        {
            Add(command, "");
        }

        return paths;
    }

    public static TheoryData<string> CommandPaths() => new(AllPaths());

    [Fact]
    public void Commands_AreTheOperatorVerbs()
    {
        Assert.Equal(
            ["backfill", "bulletin-test", "dead-letters", "devices", "ingest", "match", "preferences", "serve", "smoke"],
            AllPaths().Where(path => !path.Contains(' ', StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_OfEveryCommand_PrintsItsUsageAndEveryOptionAndRunsNothing(string path)
    {
        var words = path.Split(' ');
        var command = CliApp.CreateRoot(CliApp.Commands, new CliOutput(TextWriter.Null, TextWriter.Null, false)).Root.Subcommands.Single(c => c.Name == words[0]);
        foreach (var word in words[1..])
        {
            command = command.Subcommands.Single(c => c.Name == word);
        }

        // serve would start the runner and ingest would need storage: --help must return at once without either.
        var (code, stdout, stderr) = await RunAsync([.. words, "--help"]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains($"{RootCommand.ExecutableName} {path}", stdout, StringComparison.Ordinal);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(command.Description), $"{path} has no description");
        Assert.Contains(command.Description!.Split(' ')[0], stdout, StringComparison.Ordinal);
        Assert.All(command.Options, option => Assert.Contains(option.Name, stdout, StringComparison.Ordinal));
        Assert.All(command.Subcommands, sub => Assert.Contains(sub.Name, stdout, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_OfTheRoot_ListsEveryCommand_AndNoArgumentsShowsTheSame()
    {
        var help = await RunAsync("--help");
        var bare = await RunAsync();

        Assert.Equal((0, ""), (help.Code, help.Stderr));
        Assert.Equal((0, ""), (bare.Code, bare.Stderr));
        Assert.Equal(help.Stdout, bare.Stdout);
        Assert.All(CliApp.CreateRoot(CliApp.Commands, new CliOutput(TextWriter.Null, TextWriter.Null, false)).Root.Subcommands,
            command => Assert.Contains($"  {command.Name} ", help.Stdout, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task UnknownOption_OnEveryCommand_ExitsTwoNamingItWithTheSynopsis(string path)
    {
        var (code, stdout, stderr) = await RunAsync([.. path.Split(' '), "--no-such-option", "x"]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"{path}: unknown option '--no-such-option'", lines[0]);
        Assert.Contains(lines, line => line.StartsWith($"usage: {path.Split(' ')[0]}", StringComparison.Ordinal));
        Assert.Equal($"run 'AdvisoryTracker.Cli {path} --help' for details", lines[^1]);
        Assert.DoesNotContain("Unrecognized", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "nope" }, "AdvisoryTracker.Cli: unknown command 'nope'")]
    [InlineData(new[] { "match", "--inventory", "devices.csv" }, "match: --advisories is required")]
    [InlineData(new[] { "match", "--inventory", "d.csv", "--advisories", "f", "--format", "xml" }, "match: Argument 'xml' not recognized")]
    [InlineData(new[] { "devices" }, "devices: Required command was not provided")]
    [InlineData(new[] { "dead-letters", "list", "--max", "0" }, "dead-letters list: --max must be 1 to")]
    [InlineData(new[] { "smoke", "--url", "https://example.org", "--wait", "soon" }, "smoke: Cannot parse argument 'soon' for option '--wait'")]
    [InlineData(new[] { "smoke", "--url", "https://example.org", "--wait", "3601" }, "smoke: --wait must be 0 to 3600, not 3601")]
    [InlineData(new[] { "bulletin-test", "--config", "cisa-advisory", "--url", "https://example.org/a", "--file", "a.html" }, "bulletin-test: give either --url or --file")]
    [InlineData(new[] { "serve", "now" }, "serve: unexpected argument 'now'")]
    public async Task UsageError_ExitsTwoWithTheReasonOnStderrAndNothingOnStdout(string[] args, string reason)
    {
        var (code, stdout, stderr) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith(reason, stderr, StringComparison.Ordinal);
        Assert.Contains("--help' for details", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_OnATerminal_RedrawsOneLineAndClearsIt()
    {
        using var error = new StringWriter();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using (var progress = new CliProgress(error, live: true, "ingest", time))
        {
            progress.Step("[1/2] kev…");
            progress.Status("ignored: within a tenth of a second");
            time.Advance(TimeSpan.FromSeconds(1));
            progress.Status("[1/2] kev 40%");
            progress.Line("[1/2] kev succeeded");
        }

        var text = error.ToString();
        Assert.StartsWith("\ringest: [1/2] kev…", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ignored", text, StringComparison.Ordinal);
        Assert.Contains("\ringest: [1/2] kev 40%", text, StringComparison.Ordinal);
        // The lasting line starts on a cleared line and is the only line break.
        Assert.Contains(new string(' ', "ingest: [1/2] kev 40%".Length) + "\ringest: [1/2] kev succeeded" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_Redirected_WritesPlainLinesAndStatusAtMostEveryFiveSeconds()
    {
        using var error = new StringWriter();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using (var progress = new CliProgress(error, live: false, "devices import", time))
        {
            progress.Step("storing 300 device(s)…");
            progress.Status("100 of 300 device(s) stored");
            time.Advance(CliProgress.PlainInterval);
            progress.Status("200 of 300 device(s) stored");
            progress.Status("300 of 300 device(s) stored");
            progress.Line("done");
        }

        Assert.Equal(
            ["devices import: storing 300 device(s)…", "devices import: 200 of 300 device(s) stored", "devices import: done"],
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain('\r', error.ToString());
    }
}
