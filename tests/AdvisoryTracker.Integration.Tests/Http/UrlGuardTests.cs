using System.Net;
using AdvisoryTracker.Adapters.Http;

namespace AdvisoryTracker.Integration.Tests.Http;

/// <summary>The SSRF guard's decisions on URLs and connect addresses (pure; Adapters cannot be referenced from the domain tests).</summary>
public sealed class UrlGuardTests
{
    private static readonly SourceHttpOptions Strict = new();
    private static readonly SourceHttpOptions Loopback = new() { AllowLoopback = true };

    [Theory]
    [InlineData("https://10.0.0.1/csaf.json", "private")]
    [InlineData("https://172.16.0.1/csaf.json", "private")]
    [InlineData("https://172.31.255.254/csaf.json", "private")]
    [InlineData("https://192.168.1.1/csaf.json", "private")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "private, link-local")]
    [InlineData("https://100.64.0.1/", "private")]
    [InlineData("https://0.0.0.0/", "private")]
    [InlineData("https://224.0.0.1/", "reserved")]
    [InlineData("https://[fd00::1]/csaf.json", "private")]
    [InlineData("https://[fe80::1]/csaf.json", "link-local")]
    [InlineData("https://127.0.0.1/", "loopback")]
    [InlineData("https://[::1]/", "loopback")]
    [InlineData("https://[::ffff:127.0.0.1]/", "loopback")]
    [InlineData("https://[::ffff:10.0.0.1]/", "private")]
    [InlineData("http://www.cisa.gov/feed.json", "not HTTPS")]
    [InlineData("ftp://www.cisa.gov/feed.json", "not HTTPS")]
    [InlineData("file:///etc/passwd", "not HTTPS")]
    [InlineData("https://user:secret@www.cisa.gov/feed.json", "credentials")]
    public void CheckUrl_WithoutAllowLoopback_Refuses(string url, string reason)
    {
        var refusal = UrlGuard.CheckUrl(new Uri(url), Strict);

        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://raw.githubusercontent.com/cisagov/CSAF/develop/csaf_files/OT/white/index.txt")]
    [InlineData("https://8.8.8.8/")]
    [InlineData("https://172.32.0.1/")] // just outside 172.16.0.0/12
    [InlineData("https://[2001:4860:4860::8888]/")]
    public void CheckUrl_PublicHttps_IsAllowed(string url) =>
        Assert.Null(UrlGuard.CheckUrl(new Uri(url), Strict));

    [Theory]
    [InlineData("http://127.0.0.1:8080/feed.json", null)]
    [InlineData("http://[::1]:8080/feed.json", null)]
    [InlineData("http://[::ffff:127.0.0.1]:8080/feed.json", null)]
    [InlineData("http://10.0.0.1/feed.json", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://[::ffff:192.168.1.1]/", "private")]
    public void CheckUrl_AllowLoopback_OpensLoopbackOnly(string url, string? reason)
    {
        var refusal = UrlGuard.CheckUrl(new Uri(url), Loopback);

        if (reason is null)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.Contains(reason, refusal, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("www.cisa.gov", true)]
    [InlineData("WWW.CISA.GOV", true)]
    [InlineData("cisa.gov", false)]
    [InlineData("www.cisa.gov.evil.example", false)]
    [InlineData("psirt.example.gov", true)]
    [InlineData("a.b.example.gov", true)]
    [InlineData("example.gov", false)] // "*." means a subdomain, not the apex
    [InlineData("evilexample.gov", false)]
    [InlineData("example.gov.evil.example", false)]
    public void CheckUrl_AllowList_MatchesExactNamesAndSubdomainWildcards(string host, bool allowed)
    {
        var options = new SourceHttpOptions { AllowedHosts = ["www.cisa.gov", "*.example.gov"] };

        var refusal = UrlGuard.CheckUrl(new Uri($"https://{host}/csaf/provider-metadata.json"), options);

        if (allowed)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.Contains("is not in the allow-list", refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CheckUrl_AllowListedHostWithPrivateLiteral_IsStillRefused()
    {
        var options = new SourceHttpOptions { AllowedHosts = ["10.0.0.1"] };

        Assert.Contains("private", UrlGuard.CheckUrl(new Uri("https://10.0.0.1/"), options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", false, "loopback")]
    [InlineData("127.0.0.1", true, null)]
    [InlineData("::ffff:127.0.0.1", false, "loopback")]
    [InlineData("169.254.169.254", true, "link-local")]
    [InlineData("fd00::1", true, "private")]
    [InlineData("93.184.216.34", false, null)]
    public void CheckAddress_ConnectTarget_RefusesNonPublicAddresses(string address, bool allowLoopback, string? reason)
    {
        var refusal = UrlGuard.CheckAddress(IPAddress.Parse(address), allowLoopback ? Loopback : Strict);

        if (reason is null)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.Contains(reason, refusal, StringComparison.Ordinal);
        }
    }
}
