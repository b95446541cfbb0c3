using System.Diagnostics;
using System.Globalization;
using AdvisoryTracker.Adapters;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.TestInfrastructure.Emulators;
using AdvisoryTracker.TestInfrastructure.ServiceBus;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Benchmarks;

/// <summary>
/// <c>relay</c>: the outbox relay's cost against the size of the match table. 20,000 devices with 5 matches each
/// (100,000 matches) are stored through the real Table adapter on Azurite (its batch path: one transaction per device;
/// their notifications long dispatched, so no outbox rows), then
/// relay ticks with 0, 10 and 1,000 pending rows publish through the real ServiceBusClient to the loopback broker:
/// time and outbox entities read per tick. Then, once, the safety sweep and the former tick's query (every outbox row
/// of the table not yet dispatched, a non-key filter), which is what every tick cost before the pending index.
/// <c>RELAY_BENCH_DEVICES</c> sets another device count (100,000 devices take over half an hour to seed: Azurite's
/// in-memory store scans its whole collection per query, so seeding slows down as the table grows).
/// </summary>
internal sealed class RelayBenchmark : IBenchmark
{
    private const int MatchesPerDevice = 5;

    public string Name => "relay";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var devices = int.TryParse(Environment.GetEnvironmentVariable("RELAY_BENCH_DEVICES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 20_000;
        var azurite = AzuriteFixture.Private();
        await using var broker = new ServiceBusTestBroker();
        await Task.WhenAll(azurite.InitializeAsync(), broker.StartAsync(cancellationToken));
        try
        {
            var queueName = ServiceBusBrokerFixture.NewQueueName("relaycost");
            await using var services = Services(azurite, broker, queueName);
            await SeedAsync(output, services, devices, cancellationToken);

            var relay = services.GetRequiredService<NotificationRelay>();
            var outbox = (TableNotificationOutbox)services.GetRequiredService<INotificationOutbox>();
            var published = 0;
            for (var round = 0; round < 3; round++)
            {
                await TickAsync(output, services, relay, outbox, $"0-pending #{round + 1}", pending: 0, devices, round, cancellationToken);
            }

            for (var round = 0; round < 3; round++)
            {
                published += await TickAsync(output, services, relay, outbox, $"10-pending #{round + 1}", pending: 10, devices, round, cancellationToken);
            }

            for (var round = 0; round < 3; round++)
            {
                published += await TickAsync(output, services, relay, outbox, $"1000-pending #{round + 1}", pending: 1_000, devices, round, cancellationToken);
            }

            await TickAsync(output, services, relay, outbox, "0-pending after", pending: 0, devices, 0, cancellationToken);
            var queued = broker.GetQueue(queueName).ActiveCount;
            await output.WriteLineAsync($"messages on the broker: {queued:N0} (expected {published:N0})");
            if (queued != published)
            {
                throw new InvalidOperationException($"expected {published} messages on the broker, found {queued}");
            }

            var sweep = await relay.SweepAsync(cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"sweep (hourly): {sweep.Elapsed.TotalMilliseconds:N0} ms, {sweep.EntitiesRead:N0} entities returned, {sweep.RowsIndexed} re-indexed, {sweep.DispatchedRowsDeleted} dispatched rows deleted"));
            await FormerTickAsync(output, services, cancellationToken);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    private static async Task SeedAsync(TextWriter output, ServiceProvider services, int devices, CancellationToken cancellationToken)
    {
        // Through the adapter's batch path: one transaction per device and per 100 rows of an advisory, 10,000 devices a round.
        var store = services.GetRequiredService<TableMatchStore>();
        var watch = Stopwatch.StartNew();
        foreach (var chunk in Enumerable.Range(0, devices).Chunk(10_000))
        {
            var matches = chunk
                .SelectMany(i => Enumerable.Range(0, MatchesPerDevice)
                    .Select(m => new StoredMatch($"device-{i:D6}", $"BENCH-ADV-{(i + m) % 50:D2}", "1", MatchStatus.Affected, 1, "benchmark", "f", false)))
                .ToList();
            await store.SaveManyAsync(matches, cancellationToken);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  seeded {chunk[^1] + 1:N0} devices in {watch.Elapsed.TotalSeconds:0} s"));
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"setup: {devices:N0} devices x {MatchesPerDevice} matches = {devices * MatchesPerDevice:N0} matches stored through TableMatchStore (batched) in {watch.Elapsed.TotalSeconds:0} s ({devices * MatchesPerDevice / watch.Elapsed.TotalSeconds:N0} matches/s)"));
    }

    /// <summary>Plans <paramref name="pending"/> notifications (one new match each, through the adapter), then times one tick.</summary>
    private static async Task<int> TickAsync(TextWriter output, ServiceProvider services, NotificationRelay relay, TableNotificationOutbox outbox,
        string label, int pending, int devices, int round, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IMatchStore>();
        var advisoryId = $"BENCH-NEW-{pending}-{round}";
        await Parallel.ForEachAsync(Enumerable.Range(0, pending), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var deviceId = $"device-{(i * 97 + round) % devices:D6}";
            var match = new StoredMatch(deviceId, advisoryId, "1", MatchStatus.Affected, 1, "benchmark", "f", false);
            await store.SaveAsync(match, [new OutboxEntry(deviceId, $"clinician-{i % 100}@example.org", advisoryId, "1", NotificationKind.NewMatch)], ct);
        });

        var before = outbox.EntitiesRead;
        var watch = Stopwatch.StartNew();
        var sent = await relay.RelayAsync(cancellationToken);
        watch.Stop();
        var read = outbox.EntitiesRead - before;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"tick {label,-16}: {watch.Elapsed.TotalMilliseconds,8:N1} ms, {read,6:N0} entities read, {sent,4} messages published"));
        if (read != pending)
        {
            throw new InvalidOperationException($"a tick with {pending} pending rows read {read} entities");
        }

        return sent;
    }

    /// <summary>The query every tick ran before the pending index: all outbox rows not dispatched, a non-key filter.</summary>
    private static async Task FormerTickAsync(TextWriter output, ServiceProvider services, CancellationToken cancellationToken)
    {
        var table = await services.GetRequiredService<TrackerStorage>().TableAsync(TrackerStorage.DeviceMatches, cancellationToken);
        var watch = Stopwatch.StartNew();
        var returned = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey ge {"o|"} and RowKey lt {"o}"} and Dispatched eq {false}");
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 500, cancellationToken: cancellationToken))
        {
            returned++;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"former tick query (before the pending index, every 30 s): {watch.Elapsed.TotalMilliseconds:N0} ms for {returned} rows returned, the whole table scanned"));
    }

    private static ServiceProvider Services(AzuriteFixture azurite, ServiceBusTestBroker broker, string queueName)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["AzureWebJobsStorage:NamePrefix"] = "b" + Guid.NewGuid().ToString("N")[..10],
            ["Notifications:Transport"] = "ServiceBus",
            ["Notifications:QueueName"] = queueName,
            ["ServiceBusConnection"] = broker.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAdvisoryTrackerDomain();
        services.AddAdvisoryTrackerAdapters(configuration);
        return services.BuildServiceProvider();
    }
}
