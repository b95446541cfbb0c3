namespace AdvisoryTracker.Cli.Terminal;

/// <summary>
/// Progress of long work (feed sync, device import, backfill) on stderr. On a terminal one status line is redrawn in
/// place (at most ten times a second) and cleared at the end; otherwise (redirected, CI logs) every step is a plain line
/// and in-between status at most every <see cref="PlainInterval"/>, so a log stays readable.
/// </summary>
internal sealed class CliProgress(TextWriter error, bool live, string prefix, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private DateTimeOffset _lastWrite = DateTimeOffset.MinValue;
    private int _drawn;

    /// <summary>A milestone (a source starts, an import ends): always shown.</summary>
    public void Step(string text)
    {
        lock (_gate)
        {
            Write(text, force: true);
        }
    }

    /// <summary>A running count: shown when enough time passed since the last write.</summary>
    public void Status(string text)
    {
        lock (_gate)
        {
            Write(text, force: false);
        }
    }

    /// <summary>A line that stays (a source's result): on a terminal it replaces the status line, which is redrawn by the next update.</summary>
    public void Line(string text)
    {
        lock (_gate)
        {
            ClearLine();
            error.WriteLine($"{prefix}: {text}");
            error.Flush();
        }
    }

    /// <summary>Takes the status line away (on a terminal), e.g. before a result is written to stdout on the same screen.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            ClearLine();
            error.Flush();
        }
    }

    public void Dispose() => Clear();

    private void Write(string text, bool force)
    {
        var now = time.GetUtcNow();
        if (!force && now - _lastWrite < (live ? LiveInterval : PlainInterval))
        {
            return;
        }

        _lastWrite = now;
        var line = $"{prefix}: {text}";
        if (live)
        {
            // Redraw in place: carriage return, the text, blanks over what is left of a longer previous line.
            error.Write("\r" + line + new string(' ', Math.Max(0, _drawn - line.Length)));
            _drawn = line.Length;
        }
        else
        {
            error.WriteLine(line);
        }

        error.Flush();
    }

    private void ClearLine()
    {
        if (live && _drawn > 0)
        {
            error.Write("\r" + new string(' ', _drawn) + "\r");
            _drawn = 0;
        }
    }
}
