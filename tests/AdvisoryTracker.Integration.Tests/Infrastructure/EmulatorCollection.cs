using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Infrastructure;

/// <summary>
/// Test classes that need Azurite and the SMTP server implement this. Each such class is its own xUnit collection, so
/// the classes run in parallel (see xunit.runner.json); their fixtures all lease the test process's one Azurite and one
/// MailDev (started at first use, stopped when the test process exits). Each test uses its own table, queue and
/// container names (a local runner's name prefix) and its own recipients, so no test sees another's data or mail.
/// </summary>
public interface IEmulatorTests : IClassFixture<AzuriteFixture>, IClassFixture<MailDevFixture>;
