namespace AdvisoryTracker.Api.Security;

public enum ApiPermission
{
    /// <summary>No authentication (only <c>GET /api/health</c>).</summary>
    Anonymous,
    Read,
    Write,
}

public static class ApiRoles
{
    public const string Admin = "Advisory.Admin";
    public const string Reader = "Advisory.Reader";
}
