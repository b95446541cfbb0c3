using System.Diagnostics;
using System.Globalization;
using AdvisoryTracker.Adapters;
using AdvisoryTracker.Domain;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using AdvisoryTracker.TestInfrastructure.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Benchmarks;

/// <summary>
/// <c>notifications</c>: the outbox relay (10,000 outbox rows from Azurite to the loopback Service Bus broker, through
/// the real ServiceBusClient in batches) and the drain (1,000 notifications: ledger claim, registry and match reads,
/// rendering, SMTP to MailDev over one reused connection, ledger mark, complete).
/// </summary>
internal sealed class NotificationBenchmark : IBenchmark
{
    private const int OutboxRows = 10_000;
    private const int RowsPerDevice = 10;
    private const int Emails = 1_000;

    public string Name => "notifications";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var azurite = AzuriteFixture.Private();
        var mail = new MailDevFixture();
        await using var broker = new ServiceBusTestBroker();
        await Task.WhenAll(azurite.InitializeAsync(), mail.InitializeAsync(), broker.StartAsync(cancellationToken));
        try
        {
            await RelayAsync(output, azurite, mail, broker, cancellationToken);
            await DrainAsync(output, azurite, mail, broker, cancellationToken);
        }
        finally
        {
            await mail.DisposeAsync();
            await azurite.DisposeAsync();
        }
    }

    private static async Task RelayAsync(TextWriter output, AzuriteFixture azurite, MailDevFixture mail, ServiceBusTestBroker broker, CancellationToken cancellationToken)
    {
        var queueName = ServiceBusBrokerFixture.NewQueueName("relay");
        await using var services = Services(azurite, mail, broker, queueName);
        var matches = services.GetRequiredService<IMatchStore>();
        var setup = Stopwatch.StartNew();
        var devices = OutboxRows / RowsPerDevice;
        await Parallel.ForEachAsync(Enumerable.Range(0, devices), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var deviceId = $"device-{i:D5}";
            var advisoryId = $"BENCH-{i:D5}";
            var match = new StoredMatch(deviceId, advisoryId, "1", MatchStatus.Affected, 1, "benchmark", "f", false);
            var outbox = Enumerable.Range(0, RowsPerDevice)
                .Select(j => new OutboxEntry(deviceId, $"clinician-{j}@example.org", advisoryId, "1", NotificationKind.NewMatch))
                .ToList();
            await matches.SaveAsync(match, outbox, ct);
        });
        await output.WriteLineAsync($"setup: {OutboxRows:N0} outbox rows written with their matches in {setup.Elapsed.TotalSeconds:0.0} s");

        var relay = services.GetRequiredService<NotificationRelay>();
        var watch = Stopwatch.StartNew();
        var sent = 0;
        int batch;
        do
        {
            batch = await relay.RelayAsync(cancellationToken);
            sent += batch;
        }
        while (batch > 0);

        watch.Stop();
        var queued = broker.GetQueue(queueName).ActiveCount;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"relay: {OutboxRows:N0} outbox rows -> {sent:N0} messages ({queued:N0} on the broker) in {watch.Elapsed.TotalSeconds:0.00} s = {OutboxRows / watch.Elapsed.TotalSeconds:N0} rows/s"));
        if (sent != OutboxRows || queued != OutboxRows)
        {
            throw new InvalidOperationException($"expected {OutboxRows} messages, relayed {sent}, broker holds {queued}");
        }
    }

    private static async Task DrainAsync(TextWriter output, AzuriteFixture azurite, MailDevFixture mail, ServiceBusTestBroker broker, CancellationToken cancellationToken)
    {
        var queueName = ServiceBusBrokerFixture.NewQueueName("drain");
        await using var services = Services(azurite, mail, broker, queueName);
        var bytes = await File.ReadAllBytesAsync(RepositoryPaths.Fixture("csaf", "icsma", "icsma-25-336-01.json"), cancellationToken);
        var advisory = new CsafReader().Read(bytes).Advisory ?? throw new InvalidOperationException("fixture advisory did not read");
        await services.GetRequiredService<IAdvisoryStore>().SaveAsync(advisory, "benchmark", cancellationToken);
        var registry = services.GetRequiredService<IDeviceRegistry>();
        var run = Guid.NewGuid().ToString("N")[..8];
        var messages = new NotificationMessage[Emails];
        await Parallel.ForEachAsync(Enumerable.Range(0, Emails), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var recipient = $"bench-{run}-{i}@example.org";
            var device = new Device { Id = $"pump-{i:D5}", Manufacturer = "Mirion Medical", Model = "EC2 Software NMIS BioDose", Version = "22.02", Department = "Nuclear Medicine", Contacts = [recipient] };
            await registry.AddAsync(device, ct);
            messages[i] = NotificationMessage.Create(recipient, advisory.Id, advisory.Revision, NotificationKind.NewMatch, [device.Id]);
        });
        await services.GetRequiredService<INotificationQueue>().SendAsync(messages, cancellationToken);

        var dispatcher = services.GetRequiredService<NotificationDispatcher>();
        var watch = Stopwatch.StartNew();
        var total = new DrainSummary(0, 0, 0, 0, 0);
        while (total.Sent < Emails && watch.Elapsed < TimeSpan.FromMinutes(10))
        {
            var drained = await dispatcher.DrainAsync(cancellationToken);
            total = new DrainSummary(total.Received + drained.Received, total.Sent + drained.Sent, total.AlreadySent + drained.AlreadySent,
                total.Abandoned + drained.Abandoned, total.DeadLettered + drained.DeadLettered);
            if (drained.Received == 0)
            {
                break;
            }
        }

        watch.Stop();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"drain: {total.Sent:N0} emails to MailDev in {watch.Elapsed.TotalSeconds:0.00} s = {total.Sent / watch.Elapsed.TotalSeconds:N1} emails/s ({total.Abandoned} abandoned, {total.DeadLettered} dead-lettered)"));
        if (total.Sent != Emails)
        {
            throw new InvalidOperationException($"expected {Emails} emails, sent {total.Sent}: {total}");
        }
    }

    private static ServiceProvider Services(AzuriteFixture azurite, MailDevFixture mail, ServiceBusTestBroker broker, string queueName)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["AzureWebJobsStorage:NamePrefix"] = "b" + Guid.NewGuid().ToString("N")[..10],
            ["Notifications:Transport"] = "ServiceBus",
            ["Notifications:QueueName"] = queueName,
            ["ServiceBusConnection"] = broker.ConnectionString,
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = mail.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:FromAddress"] = "advisories@example.org",
            ["NotificationDrain:BatchSize"] = "50",
            ["NotificationDrain:ReceiveWait"] = "00:00:01",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAdvisoryTrackerDomain();
        services.AddAdvisoryTrackerAdapters(configuration);
        return services.BuildServiceProvider();
    }
}
