using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Pipeline;

/// <summary>
/// A source sync reads the device registry once (a batch) instead of once per advisory; a device registered while
/// the batch runs must still be matched against what the batch stored.
/// </summary>
public sealed class IngestionBatchTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    [Fact]
    public async Task Batch_DeviceRegisteredDuringSync_IsQueuedForBackfillAndNotifiedOnce()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var early = $"early-{Guid.NewGuid():N}@example.org";
        var late = $"late-{Guid.NewGuid():N}@example.org";
        var registry = runner.Get<IDeviceRegistry>();
        await registry.AddAsync(Device("early", early), CancellationToken.None);
        var sink = (IBatchingAdvisorySink)runner.Get<IAdvisorySink>();
        var bytes = await File.ReadAllBytesAsync(RepositoryPaths.Fixture("csaf", "icsma", "icsma-25-336-01.json"));
        var advisory = new CsafReader().Read(bytes).Advisory!;

        await using (var batch = sink.BeginBatch())
        {
            await batch.StoreAsync(advisory, bytes, "batch-test", CancellationToken.None);
            // Registered straight into the registry (no API backfill request): only the batch's end can catch it.
            await registry.AddAsync(Device("late", late), CancellationToken.None);
        }

        var matchedDuringBatch = await runner.Get<IMatchStore>().GetForAdvisoryAsync(advisory.Id, CancellationToken.None);
        Assert.Equal(["early"], matchedDuringBatch.Keys.Order(StringComparer.Ordinal));

        Assert.Equal(1, await runner.Get<DeviceBackfillService>().RunAsync(CancellationToken.None));
        await runner.Get<NotificationRelay>().RelayAsync(CancellationToken.None);
        await runner.Get<NotificationDispatcher>().DrainAsync(CancellationToken.None);

        Assert.Single(await mail.WaitForEmailsToAsync(early, 1, TimeSpan.FromSeconds(10)));
        Assert.Single(await mail.WaitForEmailsToAsync(late, 1, TimeSpan.FromSeconds(10)));
        Assert.True((await runner.Get<IMatchStore>().GetForAdvisoryAsync(advisory.Id, CancellationToken.None))["late"].Status.IsFlagged());
    }

    [Fact]
    public async Task BackfillAll_MatchesEveryDeviceAgainstEveryStoredAdvisory()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var sink = runner.Get<IAdvisorySink>();
        foreach (var file in new[] { "icsma-25-336-01.json", "icsma-25-037-01.json" })
        {
            var bytes = await File.ReadAllBytesAsync(RepositoryPaths.Fixture("csaf", "icsma", file));
            await sink.StoreAsync(new CsafReader().Read(bytes).Advisory!, bytes, "batch-test", CancellationToken.None);
        }

        var clinician = $"imported-{Guid.NewGuid():N}@example.org";
        var registry = runner.Get<IDeviceRegistry>();
        await registry.AddAsync(Device("imported", clinician), CancellationToken.None);
        await registry.AddAsync(Device("unrelated", clinician) with { Manufacturer = "Philips", Model = "IntelliVue MX800" }, CancellationToken.None);
        await runner.Get<IDeviceBackfillQueue>().EnqueueAsync(DeviceBackfillService.AllDevicesMarker, CancellationToken.None);

        Assert.Equal(1, await runner.Get<DeviceBackfillService>().RunAsync(CancellationToken.None));

        var store = runner.Get<IMatchStore>();
        Assert.True((await store.GetForDeviceAsync("imported", CancellationToken.None))["ICSMA-25-336-01"].Status.IsFlagged());
        Assert.Empty(await store.GetForDeviceAsync("unrelated", CancellationToken.None));
        await runner.Get<NotificationRelay>().RelayAsync(CancellationToken.None);
        await runner.Get<NotificationDispatcher>().DrainAsync(CancellationToken.None);
        Assert.Single(await mail.WaitForEmailsToAsync(clinician, 1, TimeSpan.FromSeconds(10)));
    }

    private static Device Device(string id, string contact) => new()
    {
        Id = id,
        Manufacturer = "Mirion Medical",
        Model = "EC2 Software NMIS BioDose",
        Version = "22.02",
        Segment = CareSegment.InHospital,
        Department = "Nuclear Medicine",
        Contacts = [contact],
    };
}
