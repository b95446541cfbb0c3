namespace AdvisoryTracker.Adapters.Http;

/// <summary>
/// Guards every outbound request a source makes (the fetched URLs come from configuration and from documents, so they
/// are an SSRF surface): HTTPS only, allow-listed hosts, no loopback/private/link-local/metadata addresses, capped
/// response sizes, a timeout per attempt and overall.
/// </summary>
public sealed class SourceHttpOptions
{
    public const string SectionName = "SourceHttp";

    /// <summary>Hosts sources may fetch from (exact names or "*.example.gov"). Empty = any public host.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Allow plain http and loopback addresses. Only for tests and the local runner's sample server.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Largest response body read, in bytes (default 20 MB); larger bodies are refused unread.</summary>
    public long MaxResponseBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Timeout of one attempt (default 30 s).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of the whole request including retries (default 2 min).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries on 408/429/5xx and transport errors, honouring Retry-After (default 3).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; later ones back off exponentially with jitter (default 2 s).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Redirects followed when the target passes the same checks (default 3).</summary>
    public int MaxRedirects { get; set; } = 3;

    public string UserAgent { get; set; } = "IoMT-Advisory-Tracker/1.0 (+https://github.com/)";
}
