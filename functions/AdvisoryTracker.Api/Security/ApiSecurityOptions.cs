namespace AdvisoryTracker.Api.Security;

/// <summary>How callers of the admin API are authenticated and authorised.</summary>
public sealed class ApiSecurityOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// When true, every call must carry an App Service Authentication principal (<c>X-MS-CLIENT-PRINCIPAL</c>) whose
    /// roles allow it: <c>Advisory.Admin</c> for writes, <c>Advisory.Reader</c> (or Admin) for reads. Turn on together
    /// with App Service Authentication (Entra ID); the platform strips the header from client requests, so it can be trusted.
    /// </summary>
    public bool RequireRoles { get; set; }

    /// <summary>
    /// Whether App Service Authentication is on, read from the platform's own setting <c>WEBSITE_AUTH_ENABLED</c>
    /// (not from this section): only then is <c>X-MS-CLIENT-PRINCIPAL</c> trusted. The local runner has no such
    /// platform; setting <c>WEBSITE_AUTH_ENABLED=True</c> there (tests do) says a trusted proxy in front sets the header.
    /// </summary>
    public bool PlatformAuthenticationEnabled { get; set; }

    /// <summary>The platform setting App Service sets to True when its authentication (Easy Auth) is on.</summary>
    public const string PlatformAuthenticationSetting = "WEBSITE_AUTH_ENABLED";

    /// <summary>Longest an API request may run before it is answered 503 with Retry-After (default 30 s; storage calls are cancelled).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest accepted JSON body (default 256 KB).</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Largest accepted CSV import (default 8 MB).</summary>
    public int MaxImportBytes { get; set; } = 8 * 1024 * 1024;
}

/// <summary>The local runner's stand-in for the Functions host key check.</summary>
public sealed class LocalRunnerOptions
{
    public const string SectionName = "LocalRunner";

    /// <summary>The key callers must send as <c>x-functions-key</c> (or <c>?code=</c>). Without one the runner refuses to start.</summary>
    public string? FunctionKey { get; set; }

    public string Urls { get; set; } = "http://localhost:7071";
}
