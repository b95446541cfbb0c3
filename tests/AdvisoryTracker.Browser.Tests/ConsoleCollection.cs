using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>
/// One Azurite and one MailDev for every browser test; each test starts its own local runner with its own table names
/// (and, when it reads email, its own recipients).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>
{
    public const string Name = "console";
}
