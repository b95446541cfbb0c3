using AdvisoryTracker.TestInfrastructure.ServiceBus;

namespace AdvisoryTracker.Integration.Tests.ServiceBusBroker;

/// <summary>One loopback Service Bus test broker for every test class in this collection.</summary>
[CollectionDefinition(ServiceBusBrokerFixture.CollectionName)]
public sealed class ServiceBusBrokerCollection : ICollectionFixture<ServiceBusBrokerFixture>;
