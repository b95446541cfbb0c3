using System.Net;
using System.Net.Sockets;

namespace AdvisoryTracker.Adapters.Http;

/// <summary>Decides whether a URL and the address it resolves to may be fetched (SSRF guard).</summary>
public static class UrlGuard
{
    /// <summary>Null when the URL may be requested, else the reason it may not.</summary>
    public static string? CheckUrl(Uri url, SourceHttpOptions options)
    {
        if (!url.IsAbsoluteUri)
        {
            return $"'{url}' is not an absolute URL";
        }

        if (url.Scheme != Uri.UriSchemeHttps && !(options.AllowLoopback && url.Scheme == Uri.UriSchemeHttp))
        {
            return $"'{url}' is not HTTPS";
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return $"'{url.Host}': credentials in URLs are not allowed";
        }

        if (options.AllowedHosts.Count > 0 && !options.AllowedHosts.Any(h => HostMatches(url.IdnHost, h)))
        {
            return $"host '{url.IdnHost}' is not in the allow-list";
        }

        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal) && CheckAddress(literal, options) is { } reason)
        {
            return reason;
        }

        return null;
    }

    /// <summary>Null when a connection to the address may be made, else the reason it may not.</summary>
    public static string? CheckAddress(IPAddress address, SourceHttpOptions options)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return options.AllowLoopback ? null : $"address {address} is loopback";
        }

        return IsPrivateOrReserved(address) ? $"address {address} is private, link-local or reserved" : null;
    }

    internal static bool HostMatches(string host, string pattern) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);

    private static bool IsPrivateOrReserved(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10
                || b[0] == 0
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata (169.254.169.254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
                || b[0] >= 224; // multicast and reserved
        }

        return address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast
            || (address.GetAddressBytes()[0] & 0xFE) == 0xFC // unique local fc00::/7
            || address.Equals(IPAddress.IPv6None);
    }
}
