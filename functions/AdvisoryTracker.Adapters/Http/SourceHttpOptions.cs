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

    /// <summary>
    /// Hosts whose plain-http links are fetched over HTTPS instead (exact names or "*.example.gov"): government feeds
    /// still write <c>http://www.fda.gov/...</c> links although the site serves HTTPS. Empty (the default) means
    /// <see cref="DefaultHttpsUpgradeHosts"/>; a configured list replaces it (<c>none</c> turns the upgrade off).
    /// </summary>
    public List<string> HttpsUpgradeHosts { get; set; } = [];

    public static readonly IReadOnlyList<string> DefaultHttpsUpgradeHosts =
        ["www.fda.gov", "fda.gov", "www.accessdata.fda.gov", "api.fda.gov", "www.cisa.gov", "cisa.gov", "www.cdc.gov", "www.hhs.gov"];

    /// <summary>The hosts upgraded to HTTPS in effect.</summary>
    public IReadOnlyList<string> EffectiveHttpsUpgradeHosts =>
        HttpsUpgradeHosts.Count == 0 ? DefaultHttpsUpgradeHosts
        : HttpsUpgradeHosts.Where(h => !string.Equals(h.Trim(), "none", StringComparison.OrdinalIgnoreCase) && h.Trim().Length > 0).Select(h => h.Trim()).ToList();

    /// <summary>
    /// TEST / DIAGNOSTIC ONLY: host → loopback base URL, e.g. <c>SourceHttp__TestHostOverrides__www.fda.gov</c> =
    /// <c>http://127.0.0.1:5123/</c>. After the HTTPS upgrade and the SSRF checks of the real URL, a request for that
    /// host is sent to the loopback server instead (same path and query), so a test can serve a real feed with its real
    /// links. Honoured only with <see cref="AllowLoopback"/>, refused at start otherwise (never configure it in production).
    /// </summary>
    public Dictionary<string, string> TestHostOverrides { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string UserAgent { get; set; } = "IoMT-Advisory-Tracker/1.0 (+https://github.com/)";
}
