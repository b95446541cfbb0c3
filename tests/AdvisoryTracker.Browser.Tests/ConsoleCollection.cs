using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>One Azurite for every browser test; each test starts its own local runner with its own table names.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "console";
}
