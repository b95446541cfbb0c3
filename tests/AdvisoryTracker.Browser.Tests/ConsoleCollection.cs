using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>
/// One Azurite, one MailDev and one Chromium for every browser test; each test starts its own local runner with its own
/// table names, its own browser context and, when it reads email, its own recipients.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "console";
}
