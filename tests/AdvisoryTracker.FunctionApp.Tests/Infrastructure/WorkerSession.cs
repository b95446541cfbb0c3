using System.Net.Http.Headers;
using AdvisoryTracker.FunctionApp.Tests.Rpc;

namespace AdvisoryTracker.FunctionApp.Tests.Infrastructure;

/// <summary>
/// One Function App process connected to one <see cref="LoopbackFunctionsHost"/>: the host's side of the conversation
/// (init, metadata, load, invoke, terminate), each step failing fast with the process output when the app ends.
/// </summary>
public sealed class WorkerSession : IAsyncDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(45);

    private WorkerSession(LoopbackFunctionsHost host, FunctionAppProcess app)
    {
        Host = host;
        App = app;
    }

    public LoopbackFunctionsHost Host { get; }

    public FunctionAppProcess App { get; }

    public static async Task<WorkerSession> StartAsync(IReadOnlyDictionary<string, string> appSettings)
    {
        var host = await LoopbackFunctionsHost.StartAsync();
        try
        {
            return new WorkerSession(host, FunctionAppProcess.Start(host.Uri, appSettings));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public string Describe() =>
        App.Describe() + Environment.NewLine + "Logs the worker sent over gRPC:" + Environment.NewLine +
        string.Join(Environment.NewLine, Host.Logs.Select(log => $"  [{log.Level}] {log.Category}: {log.Message} {log.Exception?.Message}"));

    /// <summary>The worker's first message: Program.cs ran, the host built and started, and it dialled the host.</summary>
    public async Task<StartStream> WaitForStartStreamAsync() =>
        (await ReceiveAsync(message => message.StartStream is not null)).StartStream;

    public async Task<WorkerInitResponse> InitAsync()
    {
        var requestId = Guid.NewGuid().ToString();
        await Host.SendAsync(new StreamingMessage
        {
            RequestId = requestId,
            WorkerInitRequest = new WorkerInitRequest
            {
                HostVersion = "4.1000.0",
                WorkerDirectory = FunctionAppProcess.Directory,
                FunctionAppDirectory = FunctionAppProcess.Directory,
            },
        });
        return (await ReceiveAsync(message => message.WorkerInitResponse is not null && message.RequestId == requestId)).WorkerInitResponse;
    }

    public async Task<FunctionMetadataResponse> GetFunctionMetadataAsync()
    {
        var requestId = Guid.NewGuid().ToString();
        await Host.SendAsync(new StreamingMessage
        {
            RequestId = requestId,
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = FunctionAppProcess.Directory },
        });
        return (await ReceiveAsync(message => message.FunctionMetadataResponse is not null && message.RequestId == requestId)).FunctionMetadataResponse;
    }

    public async Task<FunctionLoadResponse> LoadAsync(RpcFunctionMetadata metadata)
    {
        await Host.SendAsync(new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            FunctionLoadRequest = new FunctionLoadRequest { FunctionId = metadata.FunctionId, Metadata = metadata },
        });
        return (await ReceiveAsync(message => message.FunctionLoadResponse?.FunctionId == metadata.FunctionId)).FunctionLoadResponse;
    }

    /// <summary>A timer trigger as the host fires it: the TimerInfo as JSON in the trigger binding.</summary>
    public Task<InvocationResponse> InvokeTimerAsync(RpcFunctionMetadata function, string bindingName) =>
        InvokeAsync(function, new ParameterBinding
        {
            Name = bindingName,
            Data = new TypedData { Json = """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}""" },
        });

    /// <summary>
    /// An HTTP trigger as the host runs it with ASP.NET Core integration: the invocation over gRPC and, at the same
    /// time, the HTTP request forwarded to the worker's own HTTP endpoint (capability HttpUri) with the
    /// x-ms-invocation-id header that ties both together. The HTTP response is what the caller would get.
    /// </summary>
    public async Task<(InvocationResponse Invocation, HttpResponseMessage Response, string Body)> InvokeHttpAsync(
        RpcFunctionMetadata function, string bindingName, Uri workerHttpUri, string path)
    {
        var invocationId = Guid.NewGuid().ToString();
        var url = new Uri(workerHttpUri, path);
        var invocation = InvokeAsync(function, new ParameterBinding
        {
            Name = bindingName,
            Data = new TypedData { Http = new RpcHttp { Method = "GET", Url = url.ToString() } },
        }, invocationId);

        using var client = new HttpClient { Timeout = StepTimeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("x-ms-invocation-id", invocationId);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (await invocation, response, body);
    }

    public async Task TerminateAsync()
    {
        await Host.SendAsync(new StreamingMessage { WorkerTerminate = new WorkerTerminate() });
        await App.Exited.WaitAsync(StepTimeout);
    }

    private async Task<InvocationResponse> InvokeAsync(RpcFunctionMetadata function, ParameterBinding trigger, string? invocationId = null)
    {
        invocationId ??= Guid.NewGuid().ToString();
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01" },
        };
        request.InputData.Add(trigger);
        await Host.SendAsync(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = request });
        return (await ReceiveAsync(message => message.InvocationResponse?.InvocationId == invocationId)).InvocationResponse;
    }

    private async Task<StreamingMessage> ReceiveAsync(Func<StreamingMessage, bool> match)
    {
        var receive = Host.ReceiveAsync(match, Describe, StepTimeout);
        var first = await Task.WhenAny(receive, App.Exited);
        if (first != receive)
        {
            // Give the stream a moment: a message sent just before a clean exit is still delivered.
            var late = await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(2)));
            if (late != receive)
            {
                _ = receive.ContinueWith(static task => task.Exception, TaskScheduler.Default);
                throw new InvalidOperationException("The Function App process ended before the expected message." + Environment.NewLine + Describe());
            }
        }

        return await receive;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Host.DisposeAsync();
    }
}
