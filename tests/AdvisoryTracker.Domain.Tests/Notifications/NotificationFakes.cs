using System.Runtime.CompilerServices;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdvisoryTracker.Domain.Tests.Notifications;

// In-memory fakes of the notification ports, for unit tests of the domain logic only; the Table, queue and SMTP
// adapters are covered by the emulator-backed tests (Azurite, MailDev) in AdvisoryTracker.Integration.Tests.

/// <summary>Advisories, devices, matches, KEV and preferences, each read counted.</summary>
internal sealed class NotificationWorld : IAdvisoryStore, IDeviceRegistry, IMatchStore, IKnownExploitedCatalog, IRecipientPreferencesStore
{
    public Dictionary<string, Advisory> Advisories { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Device> Devices { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string AdvisoryId, string DeviceId), StoredMatch> Matches { get; } = [];

    public Dictionary<string, RecipientPreferences> Preferences { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> Exploited { get; } = new(StringComparer.Ordinal);

    public int Reads { get; private set; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero));

    public void Add(Advisory advisory, params (Device Device, MatchStatus Status)[] matched)
    {
        Advisories[advisory.Id] = advisory;
        foreach (var (device, status) in matched)
        {
            Devices[device.Id] = device;
            Matches[(advisory.Id, device.Id)] = new StoredMatch(device.Id, advisory.Id, advisory.Revision, status, 0.9, $"{device.Model} named by {advisory.Id}", "fp", false);
        }
    }

    public NotificationContentReader Reader() => new(this, this, this, this);

    public RecipientPreferencesService PreferencesService() => new(this, Time);

    Task<StoredAdvisory?> IAdvisoryStore.GetAsync(string advisoryId, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(Advisories.TryGetValue(advisoryId, out var a) ? new StoredAdvisory(a, "test", Time.GetUtcNow()) : null);
    }

    Task IAdvisoryStore.SaveAsync(Advisory advisory, string sourceName, CancellationToken cancellationToken) => throw new NotSupportedException();

    async IAsyncEnumerable<StoredAdvisory> IAdvisoryStore.ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var a in Advisories.Values)
        {
            yield return new StoredAdvisory(a, "test", Time.GetUtcNow());
        }
    }

    Task<StoredDevice?> IDeviceRegistry.GetAsync(string deviceId, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(Devices.TryGetValue(deviceId, out var d) ? new StoredDevice(d, "etag", null) : null);
    }

    Task<StoredDevice?> IDeviceRegistry.AddAsync(Device device, CancellationToken cancellationToken) => throw new NotSupportedException();

    async IAsyncEnumerable<Device> IDeviceRegistry.ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var d in Devices.Values)
        {
            yield return d;
        }
    }

    Task<IReadOnlyDictionary<string, StoredMatch>> IMatchStore.GetForAdvisoryAsync(string advisoryId, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult<IReadOnlyDictionary<string, StoredMatch>>(
            Matches.Where(m => m.Key.AdvisoryId == advisoryId).ToDictionary(m => m.Key.DeviceId, m => m.Value, StringComparer.Ordinal));
    }

    Task<IReadOnlyDictionary<string, StoredMatch>> IMatchStore.GetForDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult<IReadOnlyDictionary<string, StoredMatch>>(
            Matches.Where(m => m.Key.DeviceId == deviceId).ToDictionary(m => m.Key.AdvisoryId, m => m.Value, StringComparer.Ordinal));
    }

    Task IMatchStore.SaveAsync(StoredMatch match, IReadOnlyList<OutboxEntry> outbox, CancellationToken cancellationToken) => throw new NotSupportedException();

    ValueTask<bool?> IKnownExploitedCatalog.IsKnownExploitedAsync(Advisory advisory, CancellationToken cancellationToken)
    {
        Reads++;
        return ValueTask.FromResult<bool?>(Exploited.Contains(advisory.Id) ? true : false);
    }

    ValueTask<IReadOnlyList<KnownExploitedInfo>> IKnownExploitedCatalog.ExploitedInAsync(Advisory advisory, CancellationToken cancellationToken)
    {
        Reads++;
        IReadOnlyList<KnownExploitedInfo> entries = Exploited.Contains(advisory.Id)
            ? advisory.Cves.Select(c => new KnownExploitedInfo(c, new DateOnly(2026, 3, 1), "Apply updates.", null, false, "name")).ToList()
            : [];
        return ValueTask.FromResult(entries);
    }

    Task<RecipientPreferences?> IRecipientPreferencesStore.GetAsync(string recipient, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(Preferences.GetValueOrDefault(recipient));
    }

    Task IRecipientPreferencesStore.SaveAsync(RecipientPreferences preferences, CancellationToken cancellationToken)
    {
        Preferences[preferences.Recipient] = preferences;
        return Task.CompletedTask;
    }

    async IAsyncEnumerable<RecipientPreferences> IRecipientPreferencesStore.ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var p in Preferences.Values)
        {
            yield return p;
        }
    }
}

/// <summary>The email ledger: claimed, sent and suppressed keys.</summary>
internal sealed class FakeLedger : INotificationLedger
{
    public Dictionary<string, string> States { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> SuppressedReasons { get; } = new(StringComparer.Ordinal);

    public int Marks { get; private set; }

    public Task<LedgerClaim?> TryClaimAsync(string messageId, string recipient, CancellationToken cancellationToken)
    {
        if (States.TryGetValue(messageId, out var state) && state is "sent" or "suppressed")
        {
            return Task.FromResult<LedgerClaim?>(null);
        }

        States[messageId] = "claimed";
        return Task.FromResult<LedgerClaim?>(new LedgerClaim(messageId, "etag"));
    }

    public Task MarkSentAsync(LedgerClaim claim, CancellationToken cancellationToken)
    {
        Marks++;
        States[claim.MessageId] = "sent";
        return Task.CompletedTask;
    }

    public Task RecordSuppressedAsync(string messageId, string recipient, string reason, CancellationToken cancellationToken)
    {
        States.TryAdd(messageId, "suppressed");
        SuppressedReasons[messageId] = reason;
        return Task.CompletedTask;
    }
}

/// <summary>An SMTP server that accepts, or refuses the next sends with a chosen failure.</summary>
internal sealed class FakeEmailSender : IEmailSender
{
    public List<EmailMessage> Sent { get; } = [];

    public Queue<EmailDeliveryException> Failures { get; } = new();

    public Task SendAsync(EmailMessage email, CancellationToken cancellationToken)
    {
        if (Failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        Sent.Add(email);
        return Task.CompletedTask;
    }
}

internal sealed class FakeDigestStore : INotificationDigestStore
{
    public List<DigestEntry> Entries { get; } = [];

    public Task AddAsync(DigestEntry entry, CancellationToken cancellationToken)
    {
        if (!Entries.Any(e => e.MessageId == entry.MessageId && string.Equals(e.Recipient, entry.Recipient, StringComparison.OrdinalIgnoreCase)))
        {
            Entries.Add(entry);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListRecipientsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(Entries.Select(e => e.Recipient.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<DigestEntry>> ListAsync(string recipient, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DigestEntry>>(Entries.Where(e => string.Equals(e.Recipient, recipient, StringComparison.OrdinalIgnoreCase)).ToList());

    public Task AssignBatchAsync(IReadOnlyList<DigestEntry> entries, string batch, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            var i = Entries.FindIndex(e => e.MessageId == entry.MessageId);
            Entries[i] = Entries[i] with { Batch = batch };
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(IReadOnlyList<DigestEntry> entries, CancellationToken cancellationToken)
    {
        Entries.RemoveAll(e => entries.Any(r => r.MessageId == e.MessageId));
        return Task.CompletedTask;
    }
}

/// <summary>A peek-lock queue: a message is settled once; an abandoned one is received again.</summary>
internal sealed class FakeQueue : INotificationQueue
{
    private readonly Queue<Locked> _ready = new();

    public List<NotificationMessage> SentMessages { get; } = [];

    public List<(string MessageId, string Reason)> DeadLettered { get; } = [];

    public List<string> Completed { get; } = [];

    public Task SendAsync(IReadOnlyList<NotificationMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            SentMessages.Add(message);
            _ready.Enqueue(new Locked(this, message.MessageId, message));
        }

        return Task.CompletedTask;
    }

    /// <summary>A body that did not decode.</summary>
    public void SendUndecodable(string id) => _ready.Enqueue(new Locked(this, id, null));

    public Task<IReadOnlyList<IReceivedNotification>> ReceiveAsync(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var batch = new List<IReceivedNotification>();
        while (batch.Count < maxMessages && _ready.TryDequeue(out var next))
        {
            next.DeliveryCount++;
            batch.Add(next);
        }

        return Task.FromResult<IReadOnlyList<IReceivedNotification>>(batch);
    }

    private sealed class Locked(FakeQueue queue, string id, NotificationMessage? message) : IReceivedNotification
    {
        public string MessageId => id;

        public int DeliveryCount { get; set; }

        public NotificationMessage? Message => message;

        public Task CompleteAsync(CancellationToken cancellationToken)
        {
            queue.Completed.Add(id);
            return Task.CompletedTask;
        }

        // Redelivered on the next receive call (the drain's batch loop receives it again only in a later drain here).
        public Task AbandonAsync(CancellationToken cancellationToken)
        {
            queue.Abandoned.Add(this);
            return Task.CompletedTask;
        }

        public Task DeadLetterAsync(string reason, string description, CancellationToken cancellationToken)
        {
            queue.DeadLettered.Add((id, reason));
            return Task.CompletedTask;
        }
    }

    public List<IReceivedNotification> Abandoned { get; } = [];

    /// <summary>Makes abandoned messages receivable again (their lock ran out).</summary>
    public void ReleaseAbandoned()
    {
        foreach (var locked in Abandoned.OfType<Locked>())
        {
            _ready.Enqueue(locked);
        }

        Abandoned.Clear();
    }
}

internal sealed class FakeOutbox : INotificationOutbox
{
    public List<PendingOutboxEntry> Pending { get; } = [];

    public void Add(IEnumerable<OutboxEntry> entries) => Pending.AddRange(entries.Select(e => new PendingOutboxEntry(e, "etag")));

    public Task<IReadOnlyList<PendingOutboxEntry>> ListPendingAsync(int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PendingOutboxEntry>>(Pending.Take(max).ToList());

    public Task MarkDispatchedAsync(IReadOnlyList<PendingOutboxEntry> entries, CancellationToken cancellationToken)
    {
        Pending.RemoveAll(entries.Contains);
        return Task.CompletedTask;
    }

    public Task<OutboxSweepResult> SweepAsync(CancellationToken cancellationToken) => Task.FromResult(new OutboxSweepResult(0, 0, 0, TimeSpan.Zero));
}

/// <summary>The services under test, wired to the fakes.</summary>
internal sealed class NotificationHarness
{
    public NotificationWorld World { get; } = new();

    public FakeLedger Ledger { get; } = new();

    public FakeEmailSender Smtp { get; } = new();

    public FakeDigestStore Digests { get; } = new();

    public FakeQueue Queue { get; } = new();

    public FakeOutbox Outbox { get; } = new();

    public NotificationEmailComposer Composer { get; } = new(
        Options.Create(new NotificationEmailOptions { PublicBaseUrl = "https://tracker.example.org" }),
        new NotificationTemplates(Options.Create(new NotificationTemplateOptions())));

    public EmailDelivery Delivery => new(Ledger, Smtp, Composer);

    public NotificationRouter Router => new(World.Reader(), World.PreferencesService(), Digests, Ledger, World.Time, NullLogger<NotificationRouter>.Instance);

    public NotificationRelay Relay => new(Outbox, Router, Queue, NullLogger<NotificationRelay>.Instance);

    public NotificationDispatcher Dispatcher => new(Queue, Delivery, Router, Options.Create(new NotificationDispatchOptions()), World.Time, NullLogger<NotificationDispatcher>.Instance);

    public NotificationDigestService Digest => new(Digests, Delivery, World.Reader(), World.PreferencesService(), World.Time, NullLogger<NotificationDigestService>.Instance);

    public static Advisory Advisory(string id, string severity = "HIGH", double score = 8.1, string revision = "1") =>
        new()
        {
            Id = id,
            Title = $"{id}: Infusor X200 vulnerabilities",
            Revision = revision,
            Publisher = "CISA",
            Summary = "Successful exploitation could let an attacker change infusion settings.",
            Vulnerabilities =
            [
                new Vulnerability
                {
                    Cve = "CVE-2026-0001",
                    Scores = [new CvssScore("3.1", score, severity, "CVSS:3.1/AV:N")],
                    Remediations = [new AdvisoryRemediation(RemediationCategory.VendorFix, "Update to version 2.1 or later.", "https://vendor.example/fix", ["P1"])],
                },
            ],
        };

    public static Device Pump(string id, params string[] contacts) =>
        new() { Id = id, Manufacturer = "Probe Medical", Model = "Infusor X200", Version = "2.0", Department = "ICU", Contacts = contacts };
}
