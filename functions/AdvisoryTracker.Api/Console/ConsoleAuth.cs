using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AdvisoryTracker.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Api.Console;

/// <summary>Who is using the console: the name recorded as actor, and whether they may change things.</summary>
public sealed record ConsoleUser(string Name, bool IsAdmin);

/// <summary>The key the local sign-in accepts (the local runner's function key); null where there is no local sign-in.</summary>
public sealed record ConsoleSignInKey(string? Key);

/// <summary>
/// Console authentication. With App Service Authentication (<c>Api:RequireRoles</c>) the platform's principal and its
/// roles decide (Advisory.Admin changes, Advisory.Reader sees). Otherwise a sign-in with the local key makes an
/// HttpOnly, SameSite=Strict session cookie signed with <see cref="ConsoleOptions.SessionKey"/>. Every form POST
/// carries a CSRF token: an HMAC of a random per-browser nonce kept in its own HttpOnly cookie.
/// </summary>
public sealed class ConsoleAuth
{
    public const string SessionCookie = "tracker_session";
    public const string CsrfCookie = "tracker_csrf";
    public const string CsrfField = "_csrf";
    private const string NonceItem = "AdvisoryTracker.Console.CsrfNonce";

    private readonly byte[] _sessionKey;
    private readonly byte[]? _signInKey;
    private readonly ApiAuthorizer _authorizer;
    private readonly IOptions<ApiSecurityOptions> _security;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public ConsoleAuth(IOptions<ConsoleOptions> options, IOptions<ApiSecurityOptions> security, ApiAuthorizer authorizer, ConsoleSignInKey signInKey, TimeProvider time)
    {
        var configured = options.Value.SessionKey;
        _sessionKey = string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(configured);
        _signInKey = string.IsNullOrEmpty(signInKey.Key) ? null : Encoding.UTF8.GetBytes(signInKey.Key);
        _authorizer = authorizer;
        _security = security;
        _time = time;
        _lifetime = options.Value.SessionLifetime;
    }

    /// <summary>True when the console uses App Service Authentication instead of the local sign-in.</summary>
    public bool UsesPlatformAuthentication => _security.Value.RequireRoles;

    public bool LocalSignInAvailable => !UsesPlatformAuthentication && _signInKey is not null;

    /// <summary>The signed-in user, or null.</summary>
    public ConsoleUser? CurrentUser(HttpContext context)
    {
        if (UsesPlatformAuthentication)
        {
            var roles = _authorizer.PrincipalRoles(context.Request);
            if (roles is null || !(roles.Contains(ApiRoles.Admin) || roles.Contains(ApiRoles.Reader)))
            {
                return null;
            }

            return new ConsoleUser(_authorizer.PrincipalName(context.Request) ?? "signed-in user", roles.Contains(ApiRoles.Admin));
        }

        return ReadSession(context.Request.Cookies[SessionCookie]);
    }

    /// <summary>Checks the local key in constant time.</summary>
    public bool IsValidSignInKey(string? key) =>
        _signInKey is not null && !string.IsNullOrEmpty(key) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), _signInKey);

    public void SignIn(HttpContext context, ConsoleUser user)
    {
        var expires = _time.GetUtcNow().Add(_lifetime);
        var payload = JsonSerializer.SerializeToUtf8Bytes(new SessionPayload(user.Name, user.IsAdmin, expires.ToUnixTimeSeconds()));
        var value = WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(Sign("session:", payload));
        context.Response.Cookies.Append(SessionCookie, value, CookieOptions(context, expires));
    }

    public static void SignOut(HttpContext context) =>
        context.Response.Cookies.Delete(SessionCookie, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps });

    /// <summary>The CSRF token for this browser's forms (sets the nonce cookie on first use).</summary>
    public string CsrfToken(HttpContext context)
    {
        if (context.Items[NonceItem] is not string nonce)
        {
            nonce = context.Request.Cookies[CsrfCookie] is { Length: >= 16 and <= 64 } existing ? existing : WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
            if (context.Request.Cookies[CsrfCookie] != nonce)
            {
                context.Response.Cookies.Append(CsrfCookie, nonce, CookieOptions(context, null));
            }

            context.Items[NonceItem] = nonce;
        }

        return WebEncoders.Base64UrlEncode(Sign("csrf:", Encoding.UTF8.GetBytes(nonce)));
    }

    /// <summary>True when the posted token is this browser's.</summary>
    public bool IsValidCsrf(HttpContext context, string? token)
    {
        var nonce = context.Request.Cookies[CsrfCookie];
        if (string.IsNullOrEmpty(nonce) || string.IsNullOrEmpty(token))
        {
            return false;
        }

        byte[] supplied;
        try
        {
            supplied = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(supplied, Sign("csrf:", Encoding.UTF8.GetBytes(nonce)));
    }

    private ConsoleUser? ReadSession(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > 2048 || cookie.Split('.') is not [var body, var mac])
        {
            return null;
        }

        try
        {
            var payload = WebEncoders.Base64UrlDecode(body);
            if (!CryptographicOperations.FixedTimeEquals(WebEncoders.Base64UrlDecode(mac), Sign("session:", payload)))
            {
                return null;
            }

            var session = JsonSerializer.Deserialize<SessionPayload>(payload);
            return session is null || string.IsNullOrWhiteSpace(session.Name) || DateTimeOffset.FromUnixTimeSeconds(session.Expires) < _time.GetUtcNow()
                ? null
                : new ConsoleUser(session.Name, session.Admin);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private byte[] Sign(string purpose, byte[] data)
    {
        var input = new byte[purpose.Length + data.Length];
        Encoding.ASCII.GetBytes(purpose, input);
        data.CopyTo(input, purpose.Length);
        return HMACSHA256.HashData(_sessionKey, input);
    }

    private static CookieOptions CookieOptions(HttpContext context, DateTimeOffset? expires) => new()
    {
        Path = "/",
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Expires = expires,
        IsEssential = true,
    };

    private sealed record SessionPayload(string Name, bool Admin, long Expires);
}
