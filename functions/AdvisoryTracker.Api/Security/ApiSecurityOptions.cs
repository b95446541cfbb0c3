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
