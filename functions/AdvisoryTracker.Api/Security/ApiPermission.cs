namespace AdvisoryTracker.Api.Security;

public enum ApiPermission
{
    /// <summary>No authentication (only <c>GET /api/health</c>).</summary>
    Anonymous,
    /// <summary>
    /// No function key or role: the request carries its own HMAC-signed token (the one-click email links), checked by
    /// the endpoint. In the Function App these triggers are anonymous.
    /// </summary>
    SignedLink,
    Read,
    Write,
}

public static class ApiRoles
{
    public const string Admin = "Advisory.Admin";
    public const string Reader = "Advisory.Reader";
}
