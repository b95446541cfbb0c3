using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>
/// The browser tests run in four collections side by side (xunit.runner.json), balanced by measured time, each with its
/// own Chromium and its own seeded host for the tests that only look (pages, roles, refusals, exports); all share the
/// test process's one Azurite and one MailDev. A test that changes data starts its own local runner with its own table
/// names, has its own browser context and, when it reads email, its own recipients, so no test depends on another's.
/// </summary>
public static class ConsoleCollection
{
    public const string DesktopAccessibility = "console: accessibility at desktop width, overview";
    public const string PhoneAccessibility = "console: accessibility at phone width";
    public const string DevicesAndTriage = "console: devices, triage and remediation";
    public const string EmailAndAccess = "console: email links, access and phone layout";
}

[CollectionDefinition(ConsoleCollection.DesktopAccessibility)]
public sealed class DesktopAccessibilityCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>, ICollectionFixture<ChromiumFixture>, ICollectionFixture<SharedConsoleFixture>;

[CollectionDefinition(ConsoleCollection.PhoneAccessibility)]
public sealed class PhoneAccessibilityCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>, ICollectionFixture<ChromiumFixture>, ICollectionFixture<SharedConsoleFixture>;

[CollectionDefinition(ConsoleCollection.DevicesAndTriage)]
public sealed class DevicesAndTriageCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>, ICollectionFixture<ChromiumFixture>, ICollectionFixture<SharedConsoleFixture>;

[CollectionDefinition(ConsoleCollection.EmailAndAccess)]
public sealed class EmailAndAccessCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>, ICollectionFixture<ChromiumFixture>, ICollectionFixture<SharedConsoleFixture>;
