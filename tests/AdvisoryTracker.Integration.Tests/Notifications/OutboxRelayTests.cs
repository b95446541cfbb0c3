using AdvisoryTracker.Adapters;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>
/// The relay's cost follows pending work: matches and outbox rows stored through the real Table adapter on Azurite, the
/// real Storage Queue transport, and the entities the outbox reads counted by the adapter itself.
/// </summary>
public sealed class OutboxRelayTests(AzuriteFixture azurite) : IEmulatorTests, IAsyncLifetime
{
    private ServiceProvider _services = null!;

    private TableNotificationOutbox Outbox => (TableNotificationOutbox)_services.GetRequiredService<INotificationOutbox>();

    private TrackerStorage Storage => _services.GetRequiredService<TrackerStorage>();

    public Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["AzureWebJobsStorage:NamePrefix"] = "r" + Guid.NewGuid().ToString("N")[..10],
            ["Notifications:QueueName"] = "relay-" + Guid.NewGuid().ToString("N")[..12],
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAdvisoryTrackerDomain();
        services.AddAdvisoryTrackerAdapters(configuration);
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Tick_AfterEverythingWasDispatched_ReadsNoEntities_AndFirstTickReadsOnlyWhatWasPending()
    {
        // 40 devices with a notified match (2 recipients each) and 40 with a match that needed no notification.
        await SaveAsync(40, recipients: 2);
        await SaveAsync(40, recipients: 0, prefix: "quiet");
        var relay = _services.GetRequiredService<NotificationRelay>();

        var before = Outbox.EntitiesRead;
        Assert.Equal(2, await relay.RelayAsync(CancellationToken.None)); // one message per recipient, listing its 40 devices
        Assert.Equal(80, Outbox.EntitiesRead - before); // the 80 pending rows, no match row

        before = Outbox.EntitiesRead;
        Assert.Equal(0, await relay.RelayAsync(CancellationToken.None));
        Assert.Equal(0, Outbox.EntitiesRead - before);
    }

    [Fact]
    public async Task DispatchedRows_AreDeleted_WithTheirIndexCopies_AndTheMatchesStay()
    {
        await SaveAsync(5, recipients: 3);

        Assert.Equal(3, await _services.GetRequiredService<NotificationRelay>().RelayAsync(CancellationToken.None));

        Assert.Empty(await RowsAsync(TrackerStorage.DeviceMatches, TableClient.CreateQueryFilter($"RowKey ge {"o|"} and RowKey lt {"o}"}")));
        Assert.Empty(await RowsAsync(TrackerStorage.OutboxPending, null));
        Assert.Equal(5, (await RowsAsync(TrackerStorage.DeviceMatches, TableClient.CreateQueryFilter($"RowKey ge {"m|"} and RowKey lt {"m}"}"))).Count);
        var received = await _services.GetRequiredService<INotificationQueue>().ReceiveAsync(32, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.Equal(5, r.Message!.DeviceIds.Count));
    }

    [Fact]
    public async Task PendingRow_SurvivesAFailedPublish_AndIsPublishedOnTheNextTick()
    {
        await SaveAsync(1, recipients: 1);
        var queue = _services.GetRequiredService<INotificationQueue>();
        var failing = new NotificationRelay(Outbox, _services.GetRequiredService<NotificationRouter>(), new UnreachableQueue(), NullLogger<NotificationRelay>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.RelayAsync(CancellationToken.None));
        Assert.Single(await RowsAsync(TrackerStorage.DeviceMatches, TableClient.CreateQueryFilter($"RowKey ge {"o|"} and RowKey lt {"o}"}")));

        Assert.Equal(1, await _services.GetRequiredService<NotificationRelay>().RelayAsync(CancellationToken.None));
        var received = Assert.Single(await queue.ReceiveAsync(8, TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Equal("device-00000", Assert.Single(received.Message!.DeviceIds));
        Assert.Equal(0, await _services.GetRequiredService<NotificationRelay>().RelayAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RowReplannedBetweenReadAndDelete_StaysPending_AndGoesOutNextTick()
    {
        await SaveAsync(1, recipients: 1);
        var store = _services.GetRequiredService<IMatchStore>();
        var replanning = new NotificationRelay(Outbox, _services.GetRequiredService<NotificationRouter>(), new ReplanWhileSending(_services.GetRequiredService<INotificationQueue>(), store), NullLogger<NotificationRelay>.Instance);

        Assert.Equal(1, await replanning.RelayAsync(CancellationToken.None));

        Assert.Single(await RowsAsync(TrackerStorage.OutboxPending, null));
        Assert.Equal(1, await _services.GetRequiredService<NotificationRelay>().RelayAsync(CancellationToken.None));
        Assert.Empty(await RowsAsync(TrackerStorage.OutboxPending, null));
    }

    [Fact]
    public async Task Sweep_IndexesARowWhoseCopyWasNeverWritten_AndRemovesLegacyDispatchedRows()
    {
        // A crash between the match transaction and the index write, and a row the former design marked dispatched.
        var table = Storage.TableClient(TrackerStorage.DeviceMatches);
        await table.CreateIfNotExistsAsync();
        var lost = new OutboxEntry("device-lost", "nurse@example.org", "ADV-1", "1", NotificationKind.NewMatch);
        await table.AddEntityAsync(TableNotificationOutbox.ToEntity(lost, DateTimeOffset.UtcNow));
        var legacy = TableNotificationOutbox.ToEntity(lost with { DeviceId = "device-old" }, DateTimeOffset.UtcNow);
        legacy["Dispatched"] = true;
        await table.AddEntityAsync(legacy);
        var relay = _services.GetRequiredService<NotificationRelay>();
        Assert.Equal(0, await relay.RelayAsync(CancellationToken.None));

        var swept = await relay.SweepAsync(CancellationToken.None);

        Assert.Equal(2, swept.EntitiesRead);
        Assert.Equal(1, swept.RowsIndexed);
        Assert.Equal(1, swept.DispatchedRowsDeleted);
        Assert.Equal(1, await relay.RelayAsync(CancellationToken.None));
        Assert.Empty(await RowsAsync(TrackerStorage.DeviceMatches, null));
    }

    private async Task SaveAsync(int devices, int recipients, string prefix = "device")
    {
        var store = _services.GetRequiredService<IMatchStore>();
        for (var i = 0; i < devices; i++)
        {
            var deviceId = $"{prefix}-{i:D5}";
            var match = new StoredMatch(deviceId, "ADV-1", "1", MatchStatus.Affected, 1, "test", "f", false);
            var outbox = Enumerable.Range(0, recipients)
                .Select(r => new OutboxEntry(deviceId, $"clinician-{r}@example.org", "ADV-1", "1", NotificationKind.NewMatch))
                .ToList();
            await store.SaveAsync(match, outbox, CancellationToken.None);
        }
    }

    private async Task<List<TableEntity>> RowsAsync(string tableName, string? filter)
    {
        var table = await Storage.TableAsync(tableName, CancellationToken.None);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    private sealed class UnreachableQueue : INotificationQueue
    {
        public Task SendAsync(IReadOnlyList<NotificationMessage> messages, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("queue unreachable");

        public Task<IReadOnlyList<IReceivedNotification>> ReceiveAsync(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("queue unreachable");
    }

    /// <summary>Sends, and meanwhile matching re-plans the device's row (same key, new ETag), as a concurrent sync would.</summary>
    private sealed class ReplanWhileSending(INotificationQueue inner, IMatchStore store) : INotificationQueue
    {
        public async Task SendAsync(IReadOnlyList<NotificationMessage> messages, CancellationToken cancellationToken)
        {
            await inner.SendAsync(messages, cancellationToken);
            var entry = new OutboxEntry("device-00000", "clinician-0@example.org", "ADV-1", "1", NotificationKind.NewMatch);
            await store.SaveAsync(new StoredMatch("device-00000", "ADV-1", "1", MatchStatus.Affected, 1, "test", "f", false), [entry], cancellationToken);
        }

        public Task<IReadOnlyList<IReceivedNotification>> ReceiveAsync(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken) =>
            inner.ReceiveAsync(maxMessages, maxWait, cancellationToken);
    }
}
