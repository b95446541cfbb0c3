using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Azure.Data.Tables;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>
/// What routing writes, on Azurite's tables: a suppressed notification's ledger row (with its reason, never turning a
/// sent row back) and a digest entry with its routed content.
/// </summary>
public sealed class RoutingStoresTests(AzuriteFixture azurite) : IEmulatorTests
{
    private readonly TrackerStorage _storage = StorageQueueNotificationQueueContractTests.Storage(azurite, "s" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Ledger_SuppressedRow_KeepsItsReason_AndAClaimOfItSendsNothing()
    {
        var ledger = new TableNotificationLedger(_storage, TimeProvider.System);

        await ledger.RecordSuppressedAsync("n-suppressed", "nurse@example.org", NotificationRouter.NoDeviceReason, CancellationToken.None);
        await ledger.RecordSuppressedAsync("n-suppressed", "nurse@example.org", NotificationRouter.NoDeviceReason, CancellationToken.None);

        Assert.Null(await ledger.TryClaimAsync("n-suppressed", "nurse@example.org", CancellationToken.None));
        var table = await _storage.TableAsync(TrackerStorage.NotificationLedger, CancellationToken.None);
        var row = (await table.GetEntityAsync<TableEntity>(TableKeys.Encode("n-suppressed"), "ledger")).Value;
        Assert.Equal("suppressed", row.GetString("State"));
        Assert.Equal(NotificationRouter.NoDeviceReason, row.GetString("Reason"));
    }

    [Fact]
    public async Task Ledger_SuppressingASentMessage_LeavesItSent()
    {
        var ledger = new TableNotificationLedger(_storage, TimeProvider.System);
        var claim = await ledger.TryClaimAsync("n-sent", "nurse@example.org", CancellationToken.None);
        await ledger.MarkSentAsync(claim!, CancellationToken.None);

        await ledger.RecordSuppressedAsync("n-sent", "nurse@example.org", "late", CancellationToken.None);

        var table = await _storage.TableAsync(TrackerStorage.NotificationLedger, CancellationToken.None);
        Assert.Equal("sent", (await table.GetEntityAsync<TableEntity>(TableKeys.Encode("n-sent"), "ledger")).Value.GetString("State"));
    }

    [Fact]
    public async Task DigestStore_KeepsTheRoutedContent()
    {
        var digests = new TableNotificationDigests(_storage);
        var device = new AdvisoryTracker.Domain.Devices.Device { Id = "pump-1", Manufacturer = "Mirion Medical", Model = "EC2 Software NMIS BioDose", Contacts = ["nurse@example.org"] };
        var content = NotificationContentFactory.Create(NotificationScenario.BioDose(), [new AffectedDevice(device, MatchStatus.PossiblyAffected, "named", 0.6)], "nurse@example.org");

        await digests.AddAsync(new DigestEntry("nurse@example.org", "n-1", NotificationScenario.AdvisoryId, "1", NotificationKind.NewMatch, ["pump-1"], DateTimeOffset.UtcNow) { Content = content }, CancellationToken.None);

        var stored = Assert.Single(await digests.ListAsync("nurse@example.org", CancellationToken.None));
        Assert.NotNull(stored.Content);
        Assert.Equal(content.Advisory.Title, stored.Content.Advisory.Title);
        Assert.Equal(content.Advisory.SeverityDetail, stored.Content.Advisory.SeverityDetail);
        var notified = Assert.Single(stored.Content.Devices);
        Assert.Equal(("pump-1", MatchStatus.PossiblyAffected, 0.6), (notified.Id, notified.Status!.Value, notified.Confidence!.Value));
    }
}
