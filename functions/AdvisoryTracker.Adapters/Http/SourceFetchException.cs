using System.Net;

namespace AdvisoryTracker.Adapters.Http;

/// <summary>A fetch that failed for a reason worth recording in the source's health (status, size, timeout, refused URL).</summary>
public sealed class SourceFetchException : Exception
{
    public SourceFetchException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    public SourceFetchException()
    {
    }

    public SourceFetchException(string message)
        : base(message)
    {
    }

    public SourceFetchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The body was over the size cap: a property of the resource, not a transient failure.</summary>
    public bool IsOverSizeLimit { get; init; }

    /// <summary>
    /// The SSRF guard refused the URL before any connection (not HTTPS, private address, not in the allow-list): a
    /// configuration matter, retried on the next run once the settings allow it; never a reason to skip the document.
    /// </summary>
    public bool IsRefusedByGuard { get; init; }

    /// <summary>The resource does not exist (404 or 410).</summary>
    public bool IsNotFound => StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone;
}
