using Xunit;

namespace AdvisoryTracker.TestInfrastructure.ServiceBus;

/// <summary>
/// xUnit fixture: one <see cref="ServiceBusTestBroker"/> for a test collection. xUnit v2 needs the
/// <c>[CollectionDefinition(ServiceBusBrokerFixture.CollectionName)]</c> class in the test assembly itself.
/// Tests share the broker, so each test uses its own queue name (see <see cref="NewQueueName"/>).
/// </summary>
public sealed class ServiceBusBrokerFixture : IAsyncLifetime
{
    public const string CollectionName = "Service Bus test broker";

    public ServiceBusTestBroker Broker { get; } = new();

    /// <summary>Connection string for <c>new ServiceBusClient(...)</c>.</summary>
    public string ConnectionString => Broker.ConnectionString;

    /// <summary>A queue name no other test uses.</summary>
    public static string NewQueueName(string prefix = "test") => $"{prefix}-{Guid.NewGuid():N}";

    public Task InitializeAsync() => Broker.StartAsync();

    public Task DisposeAsync() => Broker.DisposeAsync().AsTask();
}
