using System.Net;
using System.Net.Sockets;
using AdvisoryTracker.Adapters.Http;

namespace AdvisoryTracker.Integration.Tests.Hardening;

/// <summary>
/// Issue #14, SSRF rows: the address forms the attack run got through the guard, a proxy that saw the real target, and
/// AllowLoopback opening plain http to public hosts. Real sockets on loopback; no mocks.
/// </summary>
public sealed class SsrfGuardHardeningTests
{
    private static readonly SourceHttpOptions Strict = new();
    private static readonly SourceHttpOptions Loopback = new() { AllowLoopback = true };

    [Theory]
    [InlineData("168.63.129.16")] // Azure platform (wire server)
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of 169.254.169.254
    [InlineData("64:ff9b::808:808")] // NAT64 of a public address: the whole /96 is refused
    [InlineData("::127.0.0.1")] // IPv4-compatible
    [InlineData("::a9fe:a9fe")] // IPv4-compatible metadata
    [InlineData("::ffff:0:7f00:1")] // SIIT 127.0.0.1
    [InlineData("::ffff:0:a00:1")] // SIIT 10.0.0.1
    [InlineData("2002:7f00:1::")] // 6to4 of 127.0.0.1
    [InlineData("2002:a9fe:a9fe::1")] // 6to4 of 169.254.169.254
    [InlineData("2002:c0a8:101::")] // 6to4 of 192.168.1.1
    [InlineData("198.18.0.1")] // benchmarking
    [InlineData("198.19.255.254")]
    [InlineData("192.0.0.8")] // IETF protocol assignments
    [InlineData("192.0.2.1")] // TEST-NET-1
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("192.88.99.1")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo
    [InlineData("100::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("::")]
    public void CheckAddress_SpecialPurposeRanges_AreRefusedEvenWithAllowLoopback(string address)
    {
        var ip = IPAddress.Parse(address);

        Assert.NotNull(UrlGuard.CheckAddress(ip, Strict));
        Assert.NotNull(UrlGuard.CheckAddress(ip, Loopback));
        Assert.NotNull(UrlGuard.CheckUrl(new Uri(ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"https://[{ip}]/" : $"https://{ip}/"), Strict));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2002:808:808::1")] // 6to4 of a public address
    [InlineData("198.20.0.1")] // just outside 198.18.0.0/15
    [InlineData("168.63.129.17")]
    public void CheckAddress_PublicAddresses_AreAllowed(string address) =>
        Assert.Null(UrlGuard.CheckAddress(IPAddress.Parse(address), Strict));

    [Theory]
    [InlineData("http://www.cisa.gov/feed.json")]
    [InlineData("http://8.8.8.8/feed.json")]
    [InlineData("http://example.org:8080/feed.json")]
    public void CheckUrl_AllowLoopback_DoesNotOpenPlainHttpToPublicHosts(string url) =>
        Assert.Contains("not HTTPS", UrlGuard.CheckUrl(new Uri(url), Loopback), StringComparison.Ordinal);

    [Theory]
    [InlineData("http://localhost:8080/feed.json")]
    [InlineData("http://127.0.0.1:8080/feed.json")]
    [InlineData("http://[::1]:8080/feed.json")]
    public void CheckUrl_AllowLoopback_OpensPlainHttpToLoopback(string url) =>
        Assert.Null(UrlGuard.CheckUrl(new Uri(url), Loopback));

    /// <summary>
    /// A proxy configured on the handler (as HTTPS_PROXY would) never sees the source request: the guarded handler
    /// connects itself, to checked addresses only. The "proxy" is a real TCP listener that records connections.
    /// </summary>
    [Fact]
    public async Task SourceFetch_WithAProxyConfigured_NeverSendsTheTargetToTheProxy()
    {
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var port = ((IPEndPoint)proxy.LocalEndpoint).Port;
        var accepted = proxy.AcceptTcpClientAsync();

        using var handler = SourceHttpServiceCollectionExtensions.CreateGuardedHandler(Loopback);
        handler.Proxy = new WebProxy($"http://127.0.0.1:{port}");
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(3) };

        var failure = await Record.ExceptionAsync(() => client.GetAsync(new Uri("https://metadata.google.internal/computeMetadata/v1/")));
        await Task.Delay(200);

        Assert.NotNull(failure); // refused or unresolvable: it must not have been relayed
        Assert.False(handler.UseProxy);
        Assert.False(accepted.IsCompleted, "the request went to the proxy, which would have reached the target unchecked");
    }
}
