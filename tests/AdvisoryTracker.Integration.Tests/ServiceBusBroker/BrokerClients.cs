using Azure.Messaging.ServiceBus;

namespace AdvisoryTracker.Integration.Tests.ServiceBusBroker;

/// <summary>Client settings and receive helpers shared by the broker tests: no retries and short waits keep failures fast.</summary>
internal static class BrokerClients
{
    public static readonly TimeSpan EmptyWait = TimeSpan.FromMilliseconds(300);
    public static readonly TimeSpan MessageWait = TimeSpan.FromSeconds(3);

    public static ServiceBusClient Create(string connectionString) => new(connectionString, new ServiceBusClientOptions
    {
        RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0, TryTimeout = TimeSpan.FromSeconds(5) },
    });

    /// <summary>Receives until <paramref name="count"/> messages arrived or <see cref="MessageWait"/> passed.</summary>
    public static async Task<List<ServiceBusReceivedMessage>> ReceiveAsync(ServiceBusReceiver receiver, int count)
    {
        var received = new List<ServiceBusReceivedMessage>();
        using var deadline = new CancellationTokenSource(MessageWait);
        while (received.Count < count && !deadline.IsCancellationRequested)
        {
            received.AddRange(await receiver.ReceiveMessagesAsync(count - received.Count, EmptyWait, deadline.Token));
        }

        return received;
    }
}
