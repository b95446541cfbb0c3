using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Infrastructure;

/// <summary>
/// Tests that need Azurite and the SMTP server join this collection: both start once per test run and stop at the end.
/// Each test uses its own table, queue and container names and its own recipients.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>
{
    public const string Name = "emulators";
}
