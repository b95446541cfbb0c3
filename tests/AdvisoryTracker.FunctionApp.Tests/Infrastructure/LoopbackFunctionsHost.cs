using System.Threading.Channels;
using AdvisoryTracker.FunctionApp.Tests.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.FunctionApp.Tests.Infrastructure;

/// <summary>
/// The host side of the Functions gRPC protocol (service FunctionRpc, EventStream), on a free loopback port with
/// HTTP/2 cleartext, as the Functions host offers it to its worker. It accepts one worker stream; the test reads what the
/// worker sends and sends the host's requests in the order the real host does (init, metadata, load, invoke).
/// </summary>
/// <remarks>
/// This is a stand-in for the Functions host, which cannot run here (it is not a NuGet package): it speaks the same
/// protocol, but it does not do what only the host does (bind triggers to Azure resources, schedule timers, check
/// function keys, route HTTP from the front end).
/// </remarks>
public sealed class LoopbackFunctionsHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StreamBridge _bridge;

    private LoopbackFunctionsHost(WebApplication app, StreamBridge bridge)
    {
        _app = app;
        _bridge = bridge;
    }

    /// <summary>The URI the worker is given (--functions-uri), e.g. http://127.0.0.1:40123/.</summary>
    public Uri Uri { get; private set; } = null!;

    /// <summary>Every log line the worker sent over the stream (RpcLog), for diagnostics.</summary>
    public IReadOnlyList<RpcLog> Logs => _bridge.Logs;

    public static async Task<LoopbackFunctionsHost> StartAsync()
    {
        var bridge = new StreamBridge();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = 64 * 1024 * 1024);
        builder.Services.AddSingleton(bridge);
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        await app.StartAsync();
        var host = new LoopbackFunctionsHost(app, bridge);
        host.Uri = new Uri(app.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return host;
    }

    /// <summary>Waits for the worker's next message that <paramref name="match"/> accepts (logs are collected, not returned).</summary>
    public async Task<StreamingMessage> ReceiveAsync(Func<StreamingMessage, bool> match, Func<string> diagnostics, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var message = await _bridge.Inbound.Reader.ReadAsync(cancellation.Token);
                if (match(message))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The worker sent no expected message within {timeout}.{Environment.NewLine}{diagnostics()}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The worker's stream ended.{Environment.NewLine}{diagnostics()}");
        }
    }

    public async Task SendAsync(StreamingMessage message)
    {
        var writer = await _bridge.Outbound.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await _bridge.WriteLock.WaitAsync();
        try
        {
            await writer.WriteAsync(message);
        }
        finally
        {
            _bridge.WriteLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _bridge.Stop.Cancel();
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopping.Token);
        }

        await _app.DisposeAsync();
        _bridge.Stop.Dispose();
    }

    /// <summary>Connects the one gRPC stream of the worker with the test.</summary>
    internal sealed class StreamBridge
    {
        private readonly List<RpcLog> _logs = [];

        public Channel<StreamingMessage> Inbound { get; } = Channel.CreateUnbounded<StreamingMessage>();

        public TaskCompletionSource<IServerStreamWriter<StreamingMessage>> Outbound { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SemaphoreSlim WriteLock { get; } = new(1, 1);

        public CancellationTokenSource Stop { get; } = new();

        public IReadOnlyList<RpcLog> Logs
        {
            get
            {
                lock (_logs)
                {
                    return _logs.ToArray();
                }
            }
        }

        public void AddLog(RpcLog log)
        {
            lock (_logs)
            {
                _logs.Add(log);
            }
        }
    }

    private sealed class FunctionRpcService(StreamBridge bridge) : FunctionRpc.FunctionRpcBase
    {
        public override async Task EventStream(
            IAsyncStreamReader<StreamingMessage> requestStream,
            IServerStreamWriter<StreamingMessage> responseStream,
            ServerCallContext context)
        {
            if (!bridge.Outbound.TrySetResult(responseStream))
            {
                throw new Grpc.Core.RpcException(new Status(StatusCode.AlreadyExists, "This loopback host accepts one worker stream."));
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, bridge.Stop.Token);
            try
            {
                await foreach (var message in requestStream.ReadAllAsync(stop.Token))
                {
                    if (message.ContentCase == StreamingMessage.ContentOneofCase.RpcLog)
                    {
                        bridge.AddLog(message.RpcLog);
                    }
                    else
                    {
                        await bridge.Inbound.Writer.WriteAsync(message, stop.Token);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The test is over or the worker went away.
            }
            finally
            {
                bridge.Inbound.Writer.TryComplete();
            }
        }
    }
}
