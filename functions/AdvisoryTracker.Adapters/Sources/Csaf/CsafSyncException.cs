namespace AdvisoryTracker.Adapters.Sources.Csaf;

/// <summary>A CSAF sync that made what progress it could but left documents or listings to retry.</summary>
public sealed class CsafSyncException : Exception
{
    public CsafSyncException(string sourceName, IReadOnlyList<string> failures)
        : base($"source {sourceName}: {failures.Count} item(s) could not be read and will be retried; first: {failures[0]}")
    {
        Failures = failures;
    }

    public CsafSyncException()
    {
        Failures = [];
    }

    public CsafSyncException(string message)
        : base(message)
    {
        Failures = [];
    }

    public CsafSyncException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [];
    }

    public IReadOnlyList<string> Failures { get; }
}
