using System.Net;
using System.Net.Sockets;
using AdvisoryTracker.Adapters.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Adapters.Http;

public static class SourceHttpServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SourceHttpClient"/> with the standard resilience handler (retries with backoff and jitter on
    /// 408/429/5xx, honouring Retry-After; attempt and total timeouts; circuit breaker) and a primary handler that checks
    /// the address it actually connects to, so DNS cannot point a fetch at a private or metadata address.
    /// </summary>
    public static IServiceCollection AddSourceHttpClient(this IServiceCollection services)
    {
        // Idempotent: several source families call this; a second resilience handler would nest retries.
        if (services.Any(d => d.ServiceType == typeof(SourceHttpClientMarker)))
        {
            return services;
        }

        services.AddSingleton<SourceHttpClientMarker>();
        services.AddValidatedOptions<SourceHttpOptions, SourceHttpOptionsValidator>(SourceHttpOptions.SectionName);
        services.AddHttpClient<SourceHttpClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => CreateGuardedHandler(sp.GetRequiredService<IOptions<SourceHttpOptions>>().Value))
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var options = sp.GetRequiredService<IOptions<SourceHttpOptions>>().Value;
                resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts);
                resilience.Retry.Delay = options.RetryDelay;
                resilience.Retry.ShouldRetryAfterHeader = true;
                resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
                resilience.CircuitBreaker.SamplingDuration = options.AttemptTimeout * 2 + TimeSpan.FromSeconds(1);
            })
            // One circuit breaker per host: a failing site must not open the circuit for every other source.
            .SelectPipelineByAuthority();
        return services;
    }

    internal static SocketsHttpHandler CreateGuardedHandler(SourceHttpOptions options) => new()
    {
        AllowAutoRedirect = false,
        // No proxy: through HTTPS_PROXY the connection would go to the proxy (whose address is all the guard sees)
        // and the proxy would reach the real target, metadata endpoints included, unchecked.
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            // Plain http (only with AllowLoopback) may reach loopback addresses and nothing else.
            var plainHttp = context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttp;
            var allowed = addresses.Where(a => UrlGuard.CheckAddress(a, options) is null && (!plainHttp || IPAddress.IsLoopback(a))).ToArray();
            if (allowed.Length == 0)
            {
                var reason = addresses.Length == 0 ? "it did not resolve" : UrlGuard.CheckAddress(addresses[0], options);
                throw new HttpRequestException($"refused to connect to '{context.DnsEndPoint.Host}': {reason}");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private sealed class SourceHttpClientMarker;
}
