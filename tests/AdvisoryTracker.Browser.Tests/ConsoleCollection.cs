using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>
/// One Azurite, one MailDev and one Chromium for every browser test, and one seeded host for the tests that only look;
/// a test that changes data starts its own local runner with its own table names. Each test has its own browser
/// context and, when it reads email, its own recipients.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>, ICollectionFixture<ChromiumFixture>, ICollectionFixture<SharedConsoleFixture>
{
    public const string Name = "console";
}
