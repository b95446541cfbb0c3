using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>
/// The notification path on the real local runner: the real ICSMA-25-336-01 advisory (Mirion Medical EC2 Software NMIS
/// BioDose, HIGH, mitigations only), a registered device whose clinician is unique to the test, ingestion through the
/// sink (matching writes the outbox), the relay and the drain.
/// </summary>
internal sealed class NotificationScenario(LocalRunner runner)
{
    public const string AdvisoryId = "ICSMA-25-336-01";

    public string Clinician { get; } = $"clinician-{Guid.NewGuid():N}@example.org";

    public LocalRunner Runner => runner;

    public static Advisory BioDose()
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.Fixture("csaf", "icsma", "icsma-25-336-01.json"));
        var read = new CsafReader().Read(bytes);
        Assert.True(read.Succeeded, read.RejectionReason);
        return read.Advisory!;
    }

    /// <summary>A runtime copy of the real advisory as a later revision (a new content hash, so the sink re-matches it).</summary>
    public static Advisory Revise(Advisory advisory, string revision, Func<Advisory, Advisory>? change = null)
    {
        var revised = (change ?? (a => a))(advisory) with { Revision = revision };
        return revised with { ContentHash = $"{advisory.ContentHash}-test-r{revision}-{Guid.NewGuid():N}" };
    }

    /// <summary>The advisory with a vendor fix added to every vulnerability (what a revision "adding a fix" looks like).</summary>
    public static Advisory WithVendorFix(Advisory advisory) => advisory with
    {
        Vulnerabilities = advisory.Vulnerabilities.Select(v => v with
        {
            Remediations = [.. v.Remediations, new AdvisoryRemediation(RemediationCategory.VendorFix, "Update to NMIS BioDose 23.0 or later.",
                "https://www.mirion.com/support", v.Remediations.SelectMany(r => r.ProductIds).Distinct().ToList())],
        }).ToList(),
    };

    public async Task<Device> RegisterAsync(string id = "biodose-1", string version = "22.02", string department = "Nuclear Medicine", string? contact = null)
    {
        var device = new Device
        {
            Id = $"{id}-{Guid.NewGuid():N}"[..Math.Min(id.Length + 9, 60)],
            Manufacturer = "Mirion Medical",
            Model = "EC2 Software NMIS BioDose",
            Version = version,
            Department = department,
            Contacts = [contact ?? Clinician],
        };
        Assert.NotNull(await runner.Get<IDeviceRegistry>().AddAsync(device, CancellationToken.None));
        return device;
    }

    public async Task IngestAsync(Advisory advisory) =>
        await runner.Get<IAdvisorySink>().StoreAsync(advisory, "{}"u8.ToArray(), "test", CancellationToken.None);

    /// <summary>One device for the clinician, the real advisory ingested, its notification relayed to the queue.</summary>
    public async Task<Device> ReadyAsync()
    {
        var device = await RegisterAsync();
        await IngestAsync(BioDose());
        Assert.Equal(1, await RelayAsync());
        return device;
    }

    public Task<int> RelayAsync() => runner.Get<NotificationRelay>().RelayAsync(CancellationToken.None);

    public Task<DrainSummary> DrainAsync() => runner.Get<NotificationDispatcher>().DrainAsync(CancellationToken.None);

    /// <summary>The same dispatcher as the runner's, with some of its parts replaced (crash simulation).</summary>
    public NotificationDispatcher Dispatcher(INotificationQueue? queue = null, INotificationLedger? ledger = null, TimeProvider? time = null) =>
        new(
            queue ?? runner.Get<INotificationQueue>(),
            ledger ?? runner.Get<INotificationLedger>(),
            runner.Get<IEmailSender>(),
            runner.Get<NotificationEmailComposer>(),
            runner.Get<IAdvisoryStore>(),
            runner.Get<IDeviceRegistry>(),
            runner.Get<IMatchStore>(),
            runner.Get<RecipientPreferencesService>(),
            runner.Get<INotificationDigestStore>(),
            runner.Get<IKnownExploitedCatalog>(),
            runner.Get<Microsoft.Extensions.Options.IOptions<NotificationDispatchOptions>>(),
            time ?? TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<NotificationDispatcher>.Instance);
}

/// <summary>Stands for the process dying at a chosen point.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A queue whose deliveries "crash" instead of completing: the message stays locked until its lock runs out.</summary>
internal sealed class CrashBeforeCompleteQueue(INotificationQueue inner) : INotificationQueue
{
    public Task SendAsync(IReadOnlyList<NotificationMessage> messages, CancellationToken cancellationToken) => inner.SendAsync(messages, cancellationToken);

    public async Task<IReadOnlyList<IReceivedNotification>> ReceiveAsync(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken) =>
        (await inner.ReceiveAsync(maxMessages, maxWait, cancellationToken)).Select(d => (IReceivedNotification)new Delivery(d)).ToList();

    private sealed class Delivery(IReceivedNotification inner) : IReceivedNotification
    {
        public string MessageId => inner.MessageId;

        public int DeliveryCount => inner.DeliveryCount;

        public NotificationMessage? Message => inner.Message;

        public Task CompleteAsync(CancellationToken cancellationToken) => throw new SimulatedCrashException();

        public Task AbandonAsync(CancellationToken cancellationToken) => inner.AbandonAsync(cancellationToken);

        public Task DeadLetterAsync(string reason, string description, CancellationToken cancellationToken) => inner.DeadLetterAsync(reason, description, cancellationToken);
    }
}

/// <summary>A ledger that "crashes" when asked to mark a message sent (after SMTP accepted it).</summary>
internal sealed class CrashBeforeMarkLedger(INotificationLedger inner) : INotificationLedger
{
    public Task<LedgerClaim?> TryClaimAsync(string messageId, string recipient, CancellationToken cancellationToken) =>
        inner.TryClaimAsync(messageId, recipient, cancellationToken);

    public Task MarkSentAsync(LedgerClaim claim, CancellationToken cancellationToken) => throw new SimulatedCrashException();
}
