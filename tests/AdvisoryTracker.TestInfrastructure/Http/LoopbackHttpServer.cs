using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.TestInfrastructure.Http;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 and a free port, for sources under test. Serves files from a folder and
/// per-path handlers (errors, delays, slow drips, huge bodies), honours If-None-Match / If-Modified-Since for files,
/// and records every request so tests can assert what was fetched.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RequestDelegate> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private string? _root;

    private LoopbackHttpServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyCollection<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<LoopbackHttpServer> StartAsync(string? rootFolder = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackHttpServer(app) { _root = rootFolder };
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>Serves files below <paramref name="rootFolder"/> at the server's root.</summary>
    public void ServeFolder(string rootFolder) => _root = rootFolder;

    /// <summary>Answers requests for <paramref name="path"/> (e.g. "/feed.json") with <paramref name="handler"/>.</summary>
    public void Map(string path, RequestDelegate handler) => _handlers[path] = handler;

    public void Unmap(string path) => _handlers.TryRemove(path, out _);

    public void ClearRequests() => _requests.Clear();

    public Uri Url(string relative) => new(BaseAddress, relative.TrimStart('/'));

    private async Task HandleAsync(HttpContext context)
    {
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? "/");
        _requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            path,
            context.Request.Headers.IfNoneMatch.ToString(),
            context.Request.Headers.IfModifiedSince.ToString()));

        if (_handlers.TryGetValue(path, out var handler))
        {
            await handler(context);
            return;
        }

        if (_root is not null)
        {
            var full = Path.GetFullPath(Path.Combine(_root, path.TrimStart('/')));
            if (full.StartsWith(Path.GetFullPath(_root), StringComparison.Ordinal) && File.Exists(full))
            {
                await ServeFileAsync(context, full);
                return;
            }
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private static async Task ServeFileAsync(HttpContext context, string file)
    {
        var info = new FileInfo(file);
        var lastModified = new DateTimeOffset(info.LastWriteTimeUtc.Ticks - (info.LastWriteTimeUtc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var etag = $"\"{info.Length:x}-{lastModified.ToUnixTimeSeconds():x}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.LastModified = lastModified.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
        var ifModifiedSince = context.Request.GetTypedHeaders().IfModifiedSince;
        if ((ifNoneMatch.Length > 0 && ifNoneMatch.Contains(etag, StringComparison.Ordinal)) ||
            (ifNoneMatch.Length == 0 && ifModifiedSince is { } since && lastModified <= since))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = Path.GetExtension(file) switch
        {
            ".json" => "application/json",
            ".xml" => "application/xml",
            ".html" => "text/html; charset=utf-8",
            ".asc" => "application/pgp-signature",
            _ => "text/plain; charset=utf-8",
        };
        context.Response.ContentLength = info.Length;
        await context.Response.SendFileAsync(file);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Method, string Path, string IfNoneMatch, string IfModifiedSince);
