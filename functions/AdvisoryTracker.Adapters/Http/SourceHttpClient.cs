using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Adapters.Http;

/// <summary>Validators from an earlier response, sent back for a conditional GET.</summary>
public sealed record ConditionalValidators(string? ETag, DateTimeOffset? LastModified)
{
    public static readonly ConditionalValidators None = new(null, null);
}

/// <summary>What a fetch returned: the body, or "not modified" (304) with no body.</summary>
public sealed record FetchedResource(Uri Url, bool NotModified, byte[] Body, string? ETag, DateTimeOffset? LastModified, string? ContentType)
{
    public ConditionalValidators Validators => new(ETag, LastModified);
}

/// <summary>
/// The typed HTTP client every source fetches through. It applies the SSRF guard to every URL and redirect (and, via
/// the primary handler, to the address actually connected to), sends conditional-GET validators, reads at most
/// <see cref="SourceHttpOptions.MaxResponseBytes"/> and bounds the body read by a deadline, so a slow drip or a huge body
/// fails cleanly with a <see cref="SourceFetchException"/>. Retries and Retry-After are the resilience handler's job.
/// </summary>
public sealed class SourceHttpClient(HttpClient http, IOptions<SourceHttpOptions> options)
{
    private readonly SourceHttpOptions _options = options.Value;

    public async Task<FetchedResource> GetAsync(Uri url, ConditionalValidators? validators, CancellationToken cancellationToken) =>
        await GetAsync(url, validators, _options.MaxResponseBytes, cancellationToken);

    public async Task<FetchedResource> GetAsync(Uri url, ConditionalValidators? validators, long maxBytes, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.TotalTimeout);
        try
        {
            return await GetCoreAsync(url, validators, maxBytes, deadline.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SourceFetchException($"GET {url} timed out after {_options.TotalTimeout}", null, ex);
        }
        catch (Polly.Timeout.TimeoutRejectedException ex)
        {
            throw new SourceFetchException($"GET {url} timed out: {ex.Message}", ex);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException ex)
        {
            throw new SourceFetchException($"GET {url} not attempted: the circuit to this host is open after repeated failures", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new SourceFetchException($"GET {url} failed: {ex.Message}", ex.StatusCode, ex);
        }
        catch (IOException ex)
        {
            // The connection broke mid-body (e.g. fewer bytes than Content-Length): a truncated response.
            throw new SourceFetchException($"GET {url}: the response was cut off: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// <c>http://</c> on a host of <see cref="SourceHttpOptions.EffectiveHttpsUpgradeHosts"/> becomes <c>https://</c> (same
    /// path and query, default port); any other URL is returned unchanged.
    /// </summary>
    public static Uri UpgradeToHttps(Uri url, SourceHttpOptions options)
    {
        if (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttp || !url.IsDefaultPort
            || !options.EffectiveHttpsUpgradeHosts.Any(h => UrlGuard.HostMatches(url.IdnHost, h)))
        {
            return url;
        }

        return new UriBuilder(url) { Scheme = Uri.UriSchemeHttps, Port = -1 }.Uri;
    }

    /// <summary>The address a request is sent to: the URL itself, or the test-only loopback override of its host.</summary>
    private Uri RequestTarget(Uri url)
    {
        if (!_options.AllowLoopback || _options.TestHostOverrides.Count == 0
            || !_options.TestHostOverrides.TryGetValue(url.IdnHost, out var target))
        {
            return url;
        }

        return new Uri(new Uri(target), url.PathAndQuery);
    }

    private async Task<FetchedResource> GetCoreAsync(Uri url, ConditionalValidators? validators, long maxBytes, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            url = UpgradeToHttps(url, _options);
            if (UrlGuard.CheckUrl(url, _options) is { } refusal)
            {
                throw new SourceFetchException($"refused to fetch: {refusal}") { IsRefusedByGuard = true };
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, RequestTarget(url));
            request.Headers.UserAgent.ParseAdd(_options.UserAgent);
            if (validators?.ETag is { Length: > 0 } etag && EntityTagHeaderValue.TryParse(etag, out var parsedEtag))
            {
                request.Headers.IfNoneMatch.Add(parsedEtag);
            }
            else if (validators?.LastModified is { } lastModified)
            {
                request.Headers.IfModifiedSince = lastModified;
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                if (redirects >= _options.MaxRedirects)
                {
                    throw new SourceFetchException($"GET {url}: more than {_options.MaxRedirects} redirects", response.StatusCode);
                }

                url = location.IsAbsoluteUri ? location : new Uri(url, location);
                continue;
            }

            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new FetchedResource(url, true, [], validators?.ETag, validators?.LastModified, null);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new SourceFetchException($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode);
            }

            var body = await ReadCappedAsync(response.Content, maxBytes, url, cancellationToken);
            return new FetchedResource(
                url,
                false,
                body,
                response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified,
                response.Content.Headers.ContentType?.MediaType);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, long maxBytes, Uri url, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw new SourceFetchException($"GET {url}: body of {declared} bytes is over the limit of {maxBytes} bytes") { IsOverSizeLimit = true };
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new SourceFetchException($"GET {url}: body is over the limit of {maxBytes} bytes") { IsOverSizeLimit = true };
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
