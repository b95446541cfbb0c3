namespace AdvisoryTracker.Cli.Terminal;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the caller's thread, in order (<see cref="Progress{T}"/> posts to the
/// thread pool, so its reports could arrive after the work's result, or out of order).
/// </summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
