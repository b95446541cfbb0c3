using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>
/// The browser tests run in three collections side by side (xunit.runner.json), each with its own Chromium and its own
/// seeded host for the tests that only look (pages, roles, refusals, exports); all share the test process's one Azurite
/// and one MailDev. A test that changes data starts its own local runner with its own table names, has its own browser
/// context and, when it reads email, its own recipients, so no test depends on another's changes.
/// </summary>
public static class ConsoleCollection
{
    public const string Devices = "console: devices and overview";
    public const string EmailAndAccess = "console: email links and access";
    public const string TriageAndAccessibility = "console: triage and accessibility";
}

[CollectionDefinition(ConsoleCollection.Devices)]
public sealed class DevicesConsoleCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>, ICollectionFixture<ChromiumFixture>, ICollectionFixture<SharedConsoleFixture>;

[CollectionDefinition(ConsoleCollection.EmailAndAccess)]
public sealed class EmailAndAccessConsoleCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>, ICollectionFixture<ChromiumFixture>, ICollectionFixture<SharedConsoleFixture>;

[CollectionDefinition(ConsoleCollection.TriageAndAccessibility)]
public sealed class TriageAndAccessibilityConsoleCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>, ICollectionFixture<ChromiumFixture>, ICollectionFixture<SharedConsoleFixture>;
