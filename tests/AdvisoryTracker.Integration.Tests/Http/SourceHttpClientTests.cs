using System.Diagnostics;
using System.Net;
using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.TestInfrastructure.Http;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Integration.Tests.Http;

/// <summary>
/// The guarded client built through the production DI registration, against a real loopback server: the SSRF guard
/// on URLs, redirects and connect addresses, the allow-list, the body cap, the total deadline and conditional GETs.
/// </summary>
public sealed class SourceHttpClientTests
{
    private static readonly byte[] Document = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "fixtures", "csaf", "icsma", "icsma-24-163-01.json"));

    [Theory]
    [InlineData("https://10.0.0.1/feed.json", "private")]
    [InlineData("https://172.16.0.1/feed.json", "private")]
    [InlineData("https://192.168.1.1/feed.json", "private")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://[fd00::1]/feed.json", "private")]
    [InlineData("https://[::ffff:127.0.0.1]/feed.json", "loopback")]
    [InlineData("http://advisories.example.org/feed.json", "not HTTPS")]
    public async Task Get_RefusedUrl_FailsBeforeAnyConnection(string url, string reason)
    {
        using var host = new GuardedHttpClientHost();

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => host.Client.GetAsync(new Uri(url), null, CancellationToken.None));

        Assert.StartsWith("refused to fetch", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PlainHttpLoopbackWithoutAllowLoopback_IsRefusedAndNeverReachesTheServer()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.Map("/feed.json", context => context.Response.Body.WriteAsync(Document).AsTask());
        using var host = new GuardedHttpClientHost();

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => host.Client.GetAsync(server.Url("/feed.json"), null, CancellationToken.None));

        // Refused either as plain http or as a loopback address: loopback is open only with AllowLoopback.
        Assert.StartsWith("refused to fetch", error.Message, StringComparison.Ordinal);
        Assert.Matches("not HTTPS|loopback", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Get_HostNameResolvingToLoopback_IsRefusedAtConnect()
    {
        // "localhost" passes the URL check (it is a name, not a literal); the connect callback checks what it resolved to.
        await using var server = await LoopbackHttpServer.StartAsync();
        using var host = new GuardedHttpClientHost();

        var error = await Assert.ThrowsAsync<SourceFetchException>(() =>
            host.Client.GetAsync(new Uri($"https://localhost:{server.BaseAddress.Port}/feed.json"), null, CancellationToken.None));

        Assert.Contains("refused to connect to 'localhost'", GuardedHttpClientHost.Reasons(error), StringComparison.Ordinal);
        Assert.Contains("loopback", GuardedHttpClientHost.Reasons(error), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("*.example.gov", false)]
    [InlineData("www.cisa.gov", false)]
    public async Task Get_AllowList_IsEnforcedOnTheRequestedHost(string allowedHost, bool served)
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.Map("/feed.json", context => context.Response.Body.WriteAsync(Document).AsTask());
        using var host = GuardedHttpClientHost.Loopback(new Dictionary<string, string?> { ["SourceHttp:AllowedHosts:0"] = allowedHost });

        if (served)
        {
            var fetched = await host.Client.GetAsync(server.Url("/feed.json"), null, CancellationToken.None);
            Assert.Equal(Document, fetched.Body);
            return;
        }

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => host.Client.GetAsync(server.Url("/feed.json"), null, CancellationToken.None));
        Assert.Contains("host '127.0.0.1' is not in the allow-list", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/", "link-local")]
    [InlineData("http://10.0.0.1/admin", "private")]
    [InlineData("http://[fd00::1]/", "private")]
    [InlineData("file:///etc/passwd", "not HTTPS")]
    public async Task Get_RedirectToRefusedUrl_IsRefused(string target, string reason)
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        MapRedirect(server, "/feed.json", StatusCodes.Status302Found, target);
        using var host = GuardedHttpClientHost.Loopback();

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => host.Client.GetAsync(server.Url("/feed.json"), null, CancellationToken.None));

        Assert.StartsWith("refused to fetch", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Get_RedirectOutsideAllowList_IsRefused()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        MapRedirect(server, "/feed.json", StatusCodes.Status301MovedPermanently, "https://attacker.example/feed.json");
        using var host = GuardedHttpClientHost.Loopback(new Dictionary<string, string?> { ["SourceHttp:AllowedHosts:0"] = "127.0.0.1" });

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => host.Client.GetAsync(server.Url("/feed.json"), null, CancellationToken.None));

        Assert.Contains("host 'attacker.example' is not in the allow-list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RelativeRedirectWithinLimit_IsFollowed_EndlessRedirectIsCut()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        MapRedirect(server, "/old.json", StatusCodes.Status307TemporaryRedirect, "/new.json");
        server.Map("/new.json", context => context.Response.Body.WriteAsync(Document).AsTask());
        MapRedirect(server, "/loop.json", StatusCodes.Status302Found, "/loop.json");
        using var host = GuardedHttpClientHost.Loopback();

        var fetched = await host.Client.GetAsync(server.Url("/old.json"), null, CancellationToken.None);
        Assert.Equal(server.Url("/new.json"), fetched.Url);
        Assert.Equal(Document, fetched.Body);

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => host.Client.GetAsync(server.Url("/loop.json"), null, CancellationToken.None));
        Assert.Contains("more than 3 redirects", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, server.Requests.Count(r => r.Path == "/loop.json"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Get_BodyOverCap_IsRefusedAsOverSize(bool declaresLength)
    {
        const int cap = 64 * 1024;
        const int chunks = 1024;
        var chunk = new byte[16 * 1024];
        Array.Fill(chunk, (byte)' ');
        await using var server = await LoopbackHttpServer.StartAsync();
        var finished = false;
        server.Map("/big.json", async context =>
        {
            if (declaresLength)
            {
                context.Response.ContentLength = (long)chunks * chunk.Length;
            }

            try
            {
                // 16 MB at no more than 16 KB a millisecond (chunked transfer encoding when no length is declared):
                // sending it all takes over a second, so a client that reads it all before refusing is caught.
                for (var i = 0; i < chunks; i++)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(1, context.RequestAborted);
                }

                Volatile.Write(ref finished, true);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client hung up: exactly what the cap is for.
            }
        });
        using var host = GuardedHttpClientHost.Loopback(new Dictionary<string, string?> { ["SourceHttp:MaxResponseBytes"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => host.Client.GetAsync(server.Url("/big.json"), null, CancellationToken.None));

        Assert.False(Volatile.Read(ref finished), "the client must refuse the body as soon as it passes the cap, not read it all");
        Assert.True(error.IsOverSizeLimit, error.Message);
        Assert.Contains($"over the limit of {cap} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains(declaresLength ? $"body of {chunks * chunk.Length} bytes" : "body is over", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_BodyExactlyAtCap_IsRead()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.Map("/doc.json", context => context.Response.Body.WriteAsync(Document).AsTask());
        using var host = GuardedHttpClientHost.Loopback(new Dictionary<string, string?> { ["SourceHttp:MaxResponseBytes"] = Document.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(Document, (await host.Client.GetAsync(server.Url("/doc.json"), null, CancellationToken.None)).Body);
    }

    [Fact]
    public async Task Get_SlowDripBody_FailsAtTheTotalDeadline()
    {
        // Headers arrive at once (so the per-attempt timeout is satisfied); the body trickles a byte every 100 ms.
        await using var server = await LoopbackHttpServer.StartAsync();
        server.Map("/drip.json", async context =>
        {
            context.Response.ContentType = "application/json";
            try
            {
                for (var i = 0; i < 600; i++)
                {
                    await context.Response.Body.WriteAsync(" "u8.ToArray(), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(100, context.RequestAborted);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client gave up.
            }
        });
        using var host = GuardedHttpClientHost.Loopback(new Dictionary<string, string?>
        {
            ["SourceHttp:AttemptTimeout"] = "00:00:00.500",
            ["SourceHttp:TotalTimeout"] = "00:00:01.500",
        });
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => host.Client.GetAsync(server.Url("/drip.json"), null, CancellationToken.None));

        Assert.Contains("timed out after 00:00:01.5", error.Message, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Get_CallerCancels_ThrowsOperationCanceledNotAFetchFailure()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.Map("/slow.json", async context => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted));
        using var host = GuardedHttpClientHost.Loopback();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client.GetAsync(server.Url("/slow.json"), null, cancel.Token));
    }

    [Fact]
    public async Task Get_WithValidators_Answers304NotModifiedUntilTheFileChanges()
    {
        var folder = Path.Combine(Path.GetTempPath(), "guarded-http-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "feed.json");
            await File.WriteAllBytesAsync(file, Document);
            File.SetLastWriteTimeUtc(file, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            await using var server = await LoopbackHttpServer.StartAsync(folder);
            using var host = GuardedHttpClientHost.Loopback();
            var url = server.Url("/feed.json");

            var first = await host.Client.GetAsync(url, null, CancellationToken.None);
            Assert.False(first.NotModified);
            Assert.Equal(Document, first.Body);
            Assert.NotNull(first.ETag);

            // Same validators: 304, no body, the validators carried over so the caller can keep them.
            var second = await host.Client.GetAsync(url, first.Validators, CancellationToken.None);
            Assert.True(second.NotModified);
            Assert.Empty(second.Body);
            Assert.Equal(first.Validators, second.Validators);
            Assert.Equal(first.ETag, server.Requests.Last().IfNoneMatch);

            // Last-Modified alone (a provider without ETags) is sent as If-Modified-Since.
            var byDate = await host.Client.GetAsync(url, new ConditionalValidators(null, first.LastModified), CancellationToken.None);
            Assert.True(byDate.NotModified);
            Assert.NotEmpty(server.Requests.Last().IfModifiedSince);

            // The file changes: a full 200 with the new body and a new ETag.
            var changed = Document.Concat("\n"u8.ToArray()).ToArray();
            await File.WriteAllBytesAsync(file, changed);
            File.SetLastWriteTimeUtc(file, new DateTime(2030, 1, 2, 0, 0, 0, DateTimeKind.Utc));
            var third = await host.Client.GetAsync(url, first.Validators, CancellationToken.None);
            Assert.False(third.NotModified);
            Assert.Equal(changed, third.Body);
            Assert.NotEqual(first.ETag, third.ETag);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(StatusCodes.Status404NotFound, true)]
    [InlineData(StatusCodes.Status410Gone, true)]
    [InlineData(StatusCodes.Status403Forbidden, false)]
    public async Task Get_ClientError_CarriesTheStatus(int status, bool isNotFound)
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.Map("/doc.json.asc", context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });
        using var host = GuardedHttpClientHost.Loopback();

        var error = await Assert.ThrowsAsync<SourceFetchException>(() => host.Client.GetAsync(server.Url("/doc.json.asc"), null, CancellationToken.None));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(isNotFound, error.IsNotFound);
        Assert.Single(server.Requests); // a 4xx is not retried
    }

    [Fact]
    public async Task Get_TransientServerError_IsRetriedOnce()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var calls = 0;
        server.Map("/feed.json", async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "0";
                return;
            }

            await context.Response.Body.WriteAsync(Document);
        });
        using var host = GuardedHttpClientHost.Loopback();

        var fetched = await host.Client.GetAsync(server.Url("/feed.json"), null, CancellationToken.None);

        Assert.Equal(Document, fetched.Body);
        Assert.Equal(2, server.Requests.Count);
    }

    private static void MapRedirect(LoopbackHttpServer server, string path, int status, string location) =>
        server.Map(path, context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        });
}
