namespace AdvisoryTracker.Domain.Notifications;

/// <summary>Why a clinician is being told.</summary>
public enum NotificationKind
{
    /// <summary>A device they look after is affected or possibly affected by an advisory (or a revision changed that).</summary>
    NewMatch,
    /// <summary>A revision added a vendor fix for an already matched device.</summary>
    PatchAvailable,
    /// <summary>CISA added a CVE of an already matched advisory to its Known Exploited Vulnerabilities catalog.</summary>
    KnownExploited,
}

public static class NotificationKindNames
{
    public static string ToName(this NotificationKind kind) => kind switch
    {
        NotificationKind.NewMatch => "new-match",
        NotificationKind.PatchAvailable => "patch-available",
        NotificationKind.KnownExploited => "known-exploited",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>One notification to send for one device, written in the same transaction as the match.</summary>
public sealed record OutboxEntry(
    string DeviceId,
    string Recipient,
    string AdvisoryId,
    string Revision,
    NotificationKind Kind)
{
    /// <summary>Deterministic id of the (device, recipient, advisory, revision, kind) event.</summary>
    public string Key => NotificationKeys.Hash($"{DeviceId}\n{Recipient.ToLowerInvariant()}\n{AdvisoryId}\n{Revision}\n{Kind.ToName()}");
}

/// <summary>The queue message: one per (recipient, advisory, revision, kind), listing that recipient's devices.</summary>
public sealed record NotificationMessage(
    string MessageId,
    string Recipient,
    string AdvisoryId,
    string Revision,
    NotificationKind Kind,
    IReadOnlyList<string> DeviceIds)
{
    /// <summary>
    /// Device id characters above which the list is not embedded: the message then references the advisory's matches
    /// (<see cref="DevicesByReference"/>) and stays far below the 256 KB Service Bus message limit.
    /// </summary>
    public const int MaxEmbeddedDeviceIdCharacters = 64_000;

    /// <summary>
    /// True when <see cref="DeviceIds"/> was too large to embed: the recipient's devices are the advisory's flagged
    /// matches whose devices list the recipient, read at delivery time.
    /// </summary>
    public bool DevicesByReference { get; init; }

    /// <summary>The version this code writes: 2, the header with its routed content.</summary>
    public const int CurrentVersion = 2;

    /// <summary>1: the header only (routed at delivery); 2: the header with <see cref="Content"/>.</summary>
    public int Version { get; init; } = 1;

    /// <summary>What the email says, decided by the router when the relay published the message; null in version 1.</summary>
    public NotificationContent? Content { get; init; }

    /// <summary>This message with its routed content (version 2; the id stays the same).</summary>
    public NotificationMessage WithContent(NotificationContent content) => this with { Content = content, Version = CurrentVersion };

    /// <summary>
    /// The message for one recipient, advisory revision and kind. The id is a deterministic key (42 characters, well
    /// within Service Bus's 128) of (recipient, advisory, revision, kind) and the device set, so a re-sent relay batch
    /// carries the same id while devices added later at the same revision still get their own message.
    /// </summary>
    public static NotificationMessage Create(string recipient, string advisoryId, string revision, NotificationKind kind, IEnumerable<string> deviceIds)
    {
        var devices = deviceIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var id = "n-" + NotificationKeys.Hash($"{recipient.ToLowerInvariant()}\n{advisoryId}\n{revision}\n{kind.ToName()}\n{string.Join('\n', devices)}");
        return devices.Sum(d => d.Length + 4) > MaxEmbeddedDeviceIdCharacters
            ? new NotificationMessage(id, recipient, advisoryId, revision, kind, []) { DevicesByReference = true }
            : new NotificationMessage(id, recipient, advisoryId, revision, kind, devices);
    }
}

public static class NotificationKeys
{
    /// <summary>A short, key-safe SHA-256 based hash (40 hex characters).</summary>
    public static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..40];
}

/// <summary>Pending outbox rows, for the relay: read in proportion to what is pending, removed once published.</summary>
public interface INotificationOutbox
{
    /// <summary>At least <paramref name="max"/> pending rows if there are that many (whole device partitions; may exceed it).</summary>
    Task<IReadOnlyList<PendingOutboxEntry>> ListPendingAsync(int max, CancellationToken cancellationToken);

    /// <summary>Removes published rows from the outbox (conditionally: a row re-planned since it was read stays pending).</summary>
    Task MarkDispatchedAsync(IReadOnlyList<PendingOutboxEntry> entries, CancellationToken cancellationToken);

    /// <summary>The rare safety sweep: finds pending rows the fast path cannot see and makes them visible to it.</summary>
    Task<OutboxSweepResult> SweepAsync(CancellationToken cancellationToken);
}

/// <summary>What a sweep read and repaired, and how long it took.</summary>
public sealed record OutboxSweepResult(long EntitiesRead, int RowsIndexed, int DispatchedRowsDeleted, TimeSpan Elapsed);

/// <summary>An outbox row with its storage token.</summary>
public sealed record PendingOutboxEntry(OutboxEntry Entry, string ETag);

/// <summary>The notifications queue (Service Bus in production, Storage Queues locally), at-least-once, peek-lock.</summary>
public interface INotificationQueue
{
    Task SendAsync(IReadOnlyList<NotificationMessage> messages, CancellationToken cancellationToken);

    Task<IReadOnlyList<IReceivedNotification>> ReceiveAsync(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken);
}

/// <summary>A locked message: exactly one of complete, abandon or dead-letter settles it.</summary>
public interface IReceivedNotification
{
    string MessageId { get; }

    int DeliveryCount { get; }

    /// <summary>The decoded message, or null when the body could not be decoded (dead-letter it).</summary>
    NotificationMessage? Message { get; }

    Task CompleteAsync(CancellationToken cancellationToken);

    Task AbandonAsync(CancellationToken cancellationToken);

    Task DeadLetterAsync(string reason, string description, CancellationToken cancellationToken);
}

/// <summary>An email ready to send: recipients come from the registry only, never from advisory text.</summary>
public sealed record EmailMessage(string To, string Subject, string HtmlBody, string TextBody);

public interface IEmailSender
{
    /// <summary>Sends one email; throws <see cref="EmailDeliveryException"/> saying whether a retry can help.</summary>
    Task SendAsync(EmailMessage email, CancellationToken cancellationToken);
}

public sealed class EmailDeliveryException : Exception
{
    public EmailDeliveryException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    public EmailDeliveryException()
    {
    }

    public EmailDeliveryException(string message)
        : base(message)
    {
    }

    public EmailDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool IsTransient { get; }
}

/// <summary>
/// The email ledger: claim before sending, mark sent after. SMTP has no idempotency key, so this is what makes a
/// redelivered message send no second email.
/// </summary>
public interface INotificationLedger
{
    /// <summary>
    /// Claims the message id before sending. Returns null when the email for it was already sent (complete the message
    /// without sending); otherwise a claim — new, or taken over from an earlier attempt that never marked it sent.
    /// </summary>
    Task<LedgerClaim?> TryClaimAsync(string messageId, string recipient, CancellationToken cancellationToken);

    Task MarkSentAsync(LedgerClaim claim, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the message id was routed to no email (why, for operators); a later claim of it returns null like a
    /// sent one. Recording it twice changes nothing.
    /// </summary>
    Task RecordSuppressedAsync(string messageId, string recipient, string reason, CancellationToken cancellationToken);
}

public sealed record LedgerClaim(string MessageId, string ETag);

/// <summary>A notification that could not be delivered, as operators see it.</summary>
public sealed record DeadLetteredNotification(
    string Id,
    string MessageId,
    string Reason,
    string Description,
    int DeliveryCount,
    DateTimeOffset? DeadLetteredAt,
    string? AdvisoryId,
    string? Recipient);

/// <summary>
/// The dead-letter queue of the notifications queue (Service Bus <c>$deadletterqueue</c>, or the Storage queue's
/// <c>-poison</c> queue): readable and replayable by operators (API and CLI).
/// </summary>
public interface INotificationDeadLetters
{
    Task<IReadOnlyList<DeadLetteredNotification>> ListAsync(int max, CancellationToken cancellationToken);

    /// <summary>Sends dead-lettered messages back to the queue (one by id, or all when <paramref name="id"/> is null); returns how many.</summary>
    Task<int> ReplayAsync(string? id, CancellationToken cancellationToken);
}
