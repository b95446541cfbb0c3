using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AdvisoryTracker.Api.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Api.Security;

/// <summary>
/// Authorises admin API calls. The function key (<c>x-functions-key</c> header or <c>code</c> query) is checked by the
/// Functions host in Azure and by this class in the local runner; when roles are required, the App Service
/// Authentication principal's roles decide: Advisory.Admin may write, Advisory.Reader or Admin may read.
/// The principal header is read only when the platform's authentication is on (<c>WEBSITE_AUTH_ENABLED=True</c>, which
/// App Service sets when it authenticates callers and strips client-sent <c>X-MS-CLIENT-PRINCIPAL</c> headers); otherwise
/// anyone holding the function key could forge it, so it is ignored, and with roles required every call is refused.
/// </summary>
public sealed class ApiAuthorizer(IOptions<ApiSecurityOptions> security, string? functionKey)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    private readonly byte[]? _key = string.IsNullOrEmpty(functionKey) ? null : Encoding.UTF8.GetBytes(functionKey);

    /// <summary>Null when the call may proceed, else the 401/403 problem to answer with.</summary>
    public IResult? Authorize(HttpRequest request, ApiPermission permission)
    {
        if (permission is ApiPermission.Anonymous or ApiPermission.SignedLink)
        {
            return null;
        }

        if (_key is not null && !HasValidKey(request))
        {
            return ApiProblems.Unauthorized("a valid function key is required (x-functions-key header or code query parameter)");
        }

        if (!security.Value.RequireRoles)
        {
            return null;
        }

        if (!security.Value.PlatformAuthenticationEnabled)
        {
            return ApiProblems.Unauthorized("roles are required but App Service Authentication is not on (WEBSITE_AUTH_ENABLED); no principal can be trusted");
        }

        var roles = ReadRoles(request);
        if (roles is null)
        {
            return ApiProblems.Unauthorized("an authenticated principal is required");
        }

        var allowed = permission == ApiPermission.Write
            ? roles.Contains(ApiRoles.Admin)
            : roles.Contains(ApiRoles.Admin) || roles.Contains(ApiRoles.Reader);
        return allowed
            ? null
            : ApiProblems.Forbidden(permission == ApiPermission.Write
                ? $"this operation needs the role {ApiRoles.Admin}"
                : $"this operation needs the role {ApiRoles.Reader} or {ApiRoles.Admin}");
    }

    /// <summary>
    /// The caller's name from the App Service Authentication principal (its name claim), only when the platform's
    /// authentication is on — only then is the header set by the platform and trustworthy. Null otherwise.
    /// </summary>
    public string? PrincipalName(HttpRequest request)
    {
        if (!security.Value.PlatformAuthenticationEnabled)
        {
            return null;
        }

        return ReadPrincipal(request, root =>
        {
            var nameClaimType = root.TryGetProperty("name_typ", out var nt) && nt.ValueKind == JsonValueKind.String ? nt.GetString() : "name";
            foreach (var (type, value) in Claims(root))
            {
                if (type == nameClaimType || type is "name" or "preferred_username")
                {
                    return value;
                }
            }

            return null;
        });
    }

    /// <summary>Whether the caller acts as administrator: roles off (the key holder administers), or a trusted principal with Advisory.Admin.</summary>
    public bool IsAdmin(HttpRequest request) =>
        !security.Value.RequireRoles
        || (security.Value.PlatformAuthenticationEnabled && ReadRoles(request) is { } roles && roles.Contains(ApiRoles.Admin));

    /// <summary>
    /// The App Service Authentication principal's roles, only when roles are required and the platform's authentication is on (only then is the
    /// header set by the platform and trustworthy); null otherwise or when there is no valid principal. Used by the web console.
    /// </summary>
    public IReadOnlySet<string>? PrincipalRoles(HttpRequest request) => security.Value.RequireRoles && security.Value.PlatformAuthenticationEnabled ? ReadRoles(request) : null;

    private bool HasValidKey(HttpRequest request)
    {
        var supplied = request.Headers["x-functions-key"].ToString();
        if (supplied.Length == 0)
        {
            supplied = request.Query["code"].ToString();
        }

        return supplied.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(supplied), _key);
    }

    /// <summary>The roles in the principal header, or null when there is no valid principal.</summary>
    private static HashSet<string>? ReadRoles(HttpRequest request) =>
        ReadPrincipal(request, root =>
        {
            var roleClaimType = root.TryGetProperty("role_typ", out var rt) && rt.ValueKind == JsonValueKind.String ? rt.GetString() : "roles";
            return Claims(root).Where(c => c.Type == roleClaimType || c.Type == "roles").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        });

    private static T? ReadPrincipal<T>(HttpRequest request, Func<JsonElement, T?> read)
        where T : class
    {
        var header = request.Headers[PrincipalHeader].ToString();
        if (header.Length == 0 || header.Length > 16_384)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(header));
            return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static IEnumerable<(string Type, string Value)> Claims(JsonElement root)
    {
        if (!root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var claim in claims.EnumerateArray())
        {
            if (claim.ValueKind == JsonValueKind.Object
                && claim.TryGetProperty("typ", out var t) && t.ValueKind == JsonValueKind.String
                && claim.TryGetProperty("val", out var v) && v.ValueKind == JsonValueKind.String)
            {
                yield return (t.GetString()!, v.GetString()!);
            }
        }
    }
}
