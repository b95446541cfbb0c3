namespace AdvisoryTracker.Cli.Terminal;

/// <summary>
/// Where a command writes: <see cref="Out"/> for results only, <see cref="Error"/> for everything else. With
/// <see cref="Interactive"/> (stderr is a terminal) long work draws a live progress line; otherwise it writes plain lines.
/// </summary>
internal sealed record CliOutput(TextWriter Out, TextWriter Error, bool Interactive)
{
    /// <summary>The process console: interactive when stderr is a terminal that can redraw a line.</summary>
    public static CliOutput FromConsole() => new(
        Console.Out,
        Console.Error,
        !Console.IsErrorRedirected && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not "dumb");

    public CliProgress Progress(string prefix) => new(Error, Interactive, prefix, TimeProvider.System);
}
