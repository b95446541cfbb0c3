using System.Net;
using System.Net.Sockets;

namespace AdvisoryTracker.Adapters.Http;

/// <summary>Decides whether a URL and the address it resolves to may be fetched (SSRF guard).</summary>
public static class UrlGuard
{
    /// <summary>Null when the URL may be requested, else the reason it may not.</summary>
    public static string? CheckUrl(Uri url, SourceHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        if (!url.IsAbsoluteUri)
        {
            return $"'{url}' is not an absolute URL";
        }

        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal) && CheckAddress(literal, options) is { } reason)
        {
            return reason;
        }

        // AllowLoopback opens plain http to loopback hosts only (local test servers), never to any other host.
        if (url.Scheme != Uri.UriSchemeHttps && !(options.AllowLoopback && url.Scheme == Uri.UriSchemeHttp && IsLoopbackHost(url.IdnHost)))
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

        return null;
    }

    /// <summary>
    /// Null when a connection to the address may be made, else the reason it may not. Refused: every IANA
    /// special-purpose range (private, shared, link-local, documentation, benchmarking, protocol assignments,
    /// multicast, reserved), the Azure platform address 168.63.129.16, and IPv6 forms that embed an IPv4 address
    /// (IPv4-compatible ::a.b.c.d, SIIT ::ffff:0:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16 when the embedded
    /// address is itself refused, Teredo). Loopback (127.0.0.0/8, ::1, ::ffff:127.x) only with <c>AllowLoopback</c>.
    /// </summary>
    public static string? CheckAddress(IPAddress address, SourceHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return options.AllowLoopback ? null : $"address {address} is loopback";
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && SixToFourEmbedded(address) is { } embedded)
        {
            return CheckAddress(embedded, new SourceHttpOptions { AllowLoopback = false }) is null
                ? null
                : $"address {address} is 6to4 for a refused address ({embedded})";
        }

        return Refused.FirstOrDefault(r => r.Contains(address)) is { } range
            ? $"address {address} is private, link-local or reserved: {range.Name} ({range})"
            : null;
    }

    /// <summary>Whether the host of an http:// URL is allowed (with <c>AllowLoopback</c>): loopback names and addresses only.</summary>
    public static bool IsLoopbackHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var bare = host.Trim('[', ']');
        return string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(bare, out var literal) && IPAddress.IsLoopback(literal.IsIPv4MappedToIPv6 ? literal.MapToIPv4() : literal));
    }

    internal static bool HostMatches(string host, string pattern) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);

    private static IPAddress? SixToFourEmbedded(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return b[0] == 0x20 && b[1] == 0x02 ? new IPAddress(b.AsSpan(2, 4)) : null;
    }

    /// <summary>The IANA IPv4 and IPv6 special-purpose address registries (2024), plus the Azure platform address.</summary>
    private static readonly AddressRange[] Refused =
    [
        new("0.0.0.0/8", "this network"),
        new("10.0.0.0/8", "private-use"),
        new("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
        new("169.254.0.0/16", "link-local (cloud metadata)"),
        new("172.16.0.0/12", "private-use"),
        new("192.0.0.0/24", "IETF protocol assignments"),
        new("192.0.2.0/24", "documentation (TEST-NET-1)"),
        new("192.31.196.0/24", "AS112-v4"),
        new("192.52.193.0/24", "AMT"),
        new("192.88.99.0/24", "6to4 relay anycast"),
        new("192.168.0.0/16", "private-use"),
        new("192.175.48.0/24", "direct delegation AS112"),
        new("198.18.0.0/15", "benchmarking"),
        new("198.51.100.0/24", "documentation (TEST-NET-2)"),
        new("203.0.113.0/24", "documentation (TEST-NET-3)"),
        new("224.0.0.0/4", "multicast"),
        new("240.0.0.0/4", "reserved"),
        new("168.63.129.16/32", "the Azure platform (wire server)"),
        new("::/128", "unspecified"),
        new("::/96", "IPv4-compatible (deprecated)"),
        new("::ffff:0:0:0/96", "IPv4-translated (SIIT)"),
        new("64:ff9b::/96", "NAT64 well-known prefix"),
        new("64:ff9b:1::/48", "local-use NAT64"),
        new("100::/64", "discard-only"),
        new("2001::/23", "IETF protocol assignments (incl. Teredo)"),
        new("2001:db8::/32", "documentation"),
        new("3fff::/20", "documentation"),
        new("5f00::/16", "segment routing (SRv6) SIDs"),
        new("fc00::/7", "unique-local"),
        new("fe80::/10", "link-local"),
        new("fec0::/10", "site-local (deprecated)"),
        new("ff00::/8", "multicast"),
    ];

    private sealed class AddressRange
    {
        private readonly byte[] _network;
        private readonly int _prefix;
        private readonly string _text;

        public AddressRange(string cidr, string name)
        {
            var parts = cidr.Split('/');
            _network = IPAddress.Parse(parts[0]).GetAddressBytes();
            _prefix = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            _text = cidr;
            Name = name;
        }

        public string Name { get; }

        public bool Contains(IPAddress address)
        {
            var bytes = address.GetAddressBytes();
            if (bytes.Length != _network.Length)
            {
                return false;
            }

            var full = _prefix / 8;
            if (!bytes.AsSpan(0, full).SequenceEqual(_network.AsSpan(0, full)))
            {
                return false;
            }

            var rest = _prefix % 8;
            if (rest == 0)
            {
                return true;
            }

            var mask = (byte)(0xFF << (8 - rest));
            return (bytes[full] & mask) == (_network[full] & mask);
        }

        public override string ToString() => _text;
    }
}
