using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;

namespace AdvisoryTracker.TestInfrastructure.ServiceBus;

/// <summary>
/// An in-process AMQP 1.0 broker that speaks enough of the Azure Service Bus protocol for the real
/// <c>Azure.Messaging.ServiceBus</c> client (connection string with <c>UseDevelopmentEmulator=true</c>): CBS put-token,
/// sends and batch sends, peek-lock and receive-and-delete receives, complete / abandon / dead-letter, delivery count,
/// lock expiry and renewal, <c>$deadletterqueue</c>, optional duplicate detection.
/// TEST infrastructure only: no authentication, no persistence, no topics or sessions. See README.md next to this file.
/// </summary>
public sealed class ServiceBusTestBroker : IAsyncDisposable
{
    private const string CbsSaslMechanism = "MSSBCBS";

    private readonly ConcurrentDictionary<string, ServiceBusTestQueue> queues = new(StringComparer.OrdinalIgnoreCase);
    private readonly ServiceBusTestBrokerOptions options;
    private AmqpConnectionListener? listener;
    private ITimer? lockSweep;
    private bool disposed;

    public ServiceBusTestBroker(ServiceBusTestBrokerOptions? options = null)
    {
        this.options = options ?? new ServiceBusTestBrokerOptions();
    }

    /// <summary>The loopback TCP port the broker listens on (0 before <see cref="StartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>A connection string for <c>new ServiceBusClient(...)</c>: plain AMQP to this broker, any key accepted.</summary>
    public string ConnectionString => string.Create(
        CultureInfo.InvariantCulture,
        $"Endpoint=sb://localhost:{Port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;");

    /// <summary>Starts listening on a free loopback port.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (listener is not null)
        {
            throw new InvalidOperationException("The broker is already started.");
        }

        var runtime = new BrokerRuntime(FindOrCreateQueue);
        var settings = new AmqpSettings { RuntimeProvider = runtime };
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler());

        // The Service Bus client offers "MSSBCBS": SASL with no credentials, the token follows over $cbs.
        sasl.AddHandler(new SaslAnonymousHandler(CbsSaslMechanism));
        settings.TransportProviders.Add(sasl);
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(new AmqpVersion(1, 0, 0));
        settings.TransportProviders.Add(amqp);

        // Bind-then-release finds a free port; a rare race with another process is retried.
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var port = FindFreePort();
            var candidate = new AmqpConnectionListener(
                [string.Create(CultureInfo.InvariantCulture, $"amqp://localhost:{port}")],
                settings,
                new AmqpConnectionSettings { ContainerId = "advisorytracker-test-broker" });
            try
            {
                candidate.Open();
                listener = candidate;
                Port = port;
                break;
            }
            catch (SocketException) when (attempt < 5)
            {
                candidate.Close();
            }
        }

        lockSweep = options.TimeProvider.CreateTimer(_ => SweepLocks(), null, options.LockSweepInterval, options.LockSweepInterval);
        return Task.CompletedTask;
    }

    /// <summary>Creates a queue with its own settings (for example a short lock duration). Fails if it exists.</summary>
    public ServiceBusTestQueue CreateQueue(string name, ServiceBusTestQueueOptions? queueOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var queue = new ServiceBusTestQueue(name, queueOptions ?? options.DefaultQueue, options.TimeProvider);
        return queues.TryAdd(name, queue)
            ? queue
            : throw new InvalidOperationException($"Queue '{name}' already exists.");
    }

    /// <summary>The queue with this name; throws if no client or test has created it.</summary>
    public ServiceBusTestQueue GetQueue(string name) =>
        queues.TryGetValue(name, out var queue) ? queue : throw new KeyNotFoundException($"Queue '{name}' does not exist.");

    /// <summary>Stops listening. Clients should be disposed first; their open connections are not closed by the broker.</summary>
    public async ValueTask DisposeAsync()
    {
        disposed = true;
        if (lockSweep is not null)
        {
            await lockSweep.DisposeAsync().ConfigureAwait(false);
            lockSweep = null;
        }

        listener?.Close();
    }

    private static int FindFreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private ServiceBusTestQueue? FindOrCreateQueue(string name) =>
        options.CreateQueuesOnDemand
            ? queues.GetOrAdd(name, static (key, state) => new ServiceBusTestQueue(key, state.DefaultQueue, state.TimeProvider), options)
            : queues.GetValueOrDefault(name);

    private void SweepLocks()
    {
        foreach (var queue in queues.Values)
        {
            queue.Entity.Pump();
            queue.DeadLetterEntity.Pump();
        }
    }
}
