using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Matching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain.Notifications;

public sealed class NotificationDispatchOptions
{
    public const string SectionName = "NotificationDrain";

    /// <summary>Messages received per call.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How long one receive waits for messages.</summary>
    public TimeSpan ReceiveWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long one drain may run. Keep it well inside both the function timeout and the queue's lock duration
    /// (default 45 s: Service Bus locks last 60 s by default).
    /// </summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(45);
}

/// <summary>What a drain did.</summary>
public sealed record DrainSummary(int Received, int Sent, int AlreadySent, int Abandoned, int DeadLettered, int Digested = 0);

/// <summary>
/// The bounded drain of the notifications queue: for each message, claim it in the ledger, render and send the email,
/// mark it sent, complete it. Transient failures abandon (redelivered later, up to the queue's max delivery count);
/// permanent ones dead-letter with the reason. A message whose email was already sent completes without a second email.
/// A message below the recipient's threshold, for a recipient on the daily digest, goes into the digest instead.
/// The drain stops receiving when its time budget is spent and abandons what it has not started, so it always ends
/// inside the function timeout and the lock duration.
/// </summary>
public sealed partial class NotificationDispatcher(
    INotificationQueue queue,
    INotificationLedger ledger,
    IEmailSender email,
    NotificationEmailComposer composer,
    IAdvisoryStore advisories,
    IDeviceRegistry devices,
    IMatchStore matches,
    RecipientPreferencesService preferences,
    INotificationDigestStore digests,
    IKnownExploitedCatalog knownExploited,
    IOptions<NotificationDispatchOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger)
{
    private readonly NotificationDispatchOptions _options = options.Value;

    public async Task<DrainSummary> DrainAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        int received = 0, sent = 0, duplicate = 0, abandoned = 0, deadLettered = 0, digested = 0;
        // One drain lasts seconds: an advisory and its matches are read once for all its recipients.
        var advisoryCache = new Dictionary<string, (StoredAdvisory Advisory, IReadOnlyDictionary<string, StoredMatch> Matches)>(StringComparer.Ordinal);
        while (!cancellationToken.IsCancellationRequested && time.GetElapsedTime(started) < _options.TimeBudget)
        {
            var batch = await queue.ReceiveAsync(_options.BatchSize, _options.ReceiveWait, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var delivery in batch)
            {
                received++;
                if (time.GetElapsedTime(started) >= _options.TimeBudget || cancellationToken.IsCancellationRequested)
                {
                    // Out of time: hand it back now rather than let the lock expire.
                    await delivery.AbandonAsync(CancellationToken.None);
                    abandoned++;
                    continue;
                }

                switch (await DeliverAsync(delivery, advisoryCache, cancellationToken))
                {
                    case DeliveryOutcome.Sent: sent++; break;
                    case DeliveryOutcome.AlreadySent: duplicate++; break;
                    case DeliveryOutcome.Abandoned: abandoned++; break;
                    case DeliveryOutcome.DeadLettered: deadLettered++; break;
                    case DeliveryOutcome.Digested: digested++; break;
                }
            }
        }

        return new DrainSummary(received, sent, duplicate, abandoned, deadLettered, digested);
    }

    private enum DeliveryOutcome
    {
        Sent,
        AlreadySent,
        Abandoned,
        DeadLettered,
        Digested,
    }

    private async Task<DeliveryOutcome> DeliverAsync(
        IReceivedNotification delivery,
        Dictionary<string, (StoredAdvisory Advisory, IReadOnlyDictionary<string, StoredMatch> Matches)> advisoryCache,
        CancellationToken cancellationToken)
    {
        if (delivery.Message is not { } message)
        {
            await delivery.DeadLetterAsync("UndecodableMessage", "the message body is not a notification message", cancellationToken);
            LogDeadLettered(delivery.MessageId, "UndecodableMessage");
            return DeliveryOutcome.DeadLettered;
        }

        var claim = await ledger.TryClaimAsync(message.MessageId, message.Recipient, cancellationToken);
        if (claim is null)
        {
            await delivery.CompleteAsync(cancellationToken);
            LogAlreadySent(message.MessageId);
            return DeliveryOutcome.AlreadySent;
        }

        if (!advisoryCache.TryGetValue(message.AdvisoryId, out var cached)
            && await advisories.GetAsync(message.AdvisoryId, cancellationToken) is { } stored)
        {
            cached = advisoryCache[message.AdvisoryId] = (stored, await matches.GetForAdvisoryAsync(message.AdvisoryId, cancellationToken));
        }

        var advisory = cached.Advisory;
        if (advisory is null)
        {
            // The advisory is stored right after its matches: retry later. The queue's max delivery count dead-letters a
            // message that never becomes deliverable.
            await delivery.AbandonAsync(cancellationToken);
            LogNotReady(message.MessageId, "advisory not stored yet");
            return DeliveryOutcome.Abandoned;
        }

        var affected = await AffectedDevicesAsync(message, cached.Matches, cancellationToken);
        if (affected.Count == 0)
        {
            await ledger.MarkSentAsync(claim, cancellationToken);
            await delivery.CompleteAsync(cancellationToken);
            LogNothingToSend(message.MessageId);
            return DeliveryOutcome.AlreadySent;
        }

        var exploited = await knownExploited.IsKnownExploitedAsync(advisory.Advisory, cancellationToken);
        // The KEV entries (date added, required action) are read fresh: a "now exploited" event may be newer than the cache.
        var kevEntries = exploited == true || message.Kind == NotificationKind.KnownExploited
            ? await knownExploited.ExploitedInAsync(advisory.Advisory, cancellationToken)
            : [];
        exploited = kevEntries.Count > 0 ? true : exploited;
        var wanted = await preferences.GetAsync(message.Recipient, cancellationToken);
        if (wanted.Defers(SeverityLevels.Of(advisory.Advisory), exploited))
        {
            await digests.AddAsync(
                new DigestEntry(message.Recipient, message.MessageId, message.AdvisoryId, message.Revision, message.Kind,
                    affected.Select(a => a.Device.Id).ToList(), time.GetUtcNow()),
                cancellationToken);
            await ledger.MarkSentAsync(claim, cancellationToken);
            await delivery.CompleteAsync(cancellationToken);
            LogDigested(message.MessageId);
            return DeliveryOutcome.Digested;
        }

        EmailMessage emailMessage;
        try
        {
            emailMessage = composer.Compose(message, advisory.Advisory, affected, exploited, kevEntries);
        }
        catch (NotificationTemplateException ex)
        {
            // A broken custom template: fixing the file fixes delivery, so the message waits (and dead-letters after the
            // max delivery count, from where it can be replayed).
            await delivery.AbandonAsync(cancellationToken);
            LogTemplateBroken(ex, message.MessageId);
            return DeliveryOutcome.Abandoned;
        }

        try
        {
            await email.SendAsync(emailMessage, cancellationToken);
        }
        catch (EmailDeliveryException ex) when (ex.IsTransient)
        {
            await delivery.AbandonAsync(cancellationToken);
            LogTransientFailure(ex, message.MessageId);
            return DeliveryOutcome.Abandoned;
        }
        catch (EmailDeliveryException ex)
        {
            await delivery.DeadLetterAsync("PermanentDeliveryFailure", ex.Message, cancellationToken);
            LogDeadLettered(message.MessageId, ex.Message);
            return DeliveryOutcome.DeadLettered;
        }

        await ledger.MarkSentAsync(claim, cancellationToken);
        await delivery.CompleteAsync(cancellationToken);
        LogSent(message.MessageId, message.AdvisoryId, affected.Count);
        return DeliveryOutcome.Sent;
    }

    /// <summary>The message's devices that still list the recipient, with why each matched.</summary>
    private async Task<List<AffectedDevice>> AffectedDevicesAsync(
        NotificationMessage message,
        IReadOnlyDictionary<string, StoredMatch> advisoryMatches,
        CancellationToken cancellationToken)
    {
        var deviceIds = message.DevicesByReference
            ? advisoryMatches.Values.Where(m => m.Status.IsFlagged()).Select(m => m.DeviceId).Order(StringComparer.Ordinal).ToList()
            : message.DeviceIds;
        var affected = new List<AffectedDevice>();
        foreach (var deviceId in deviceIds)
        {
            if (await devices.GetAsync(deviceId, cancellationToken) is { } stored
                && stored.Device.Recipients.Contains(message.Recipient, StringComparer.OrdinalIgnoreCase))
            {
                advisoryMatches.TryGetValue(deviceId, out var match);
                affected.Add(new AffectedDevice(stored.Device, match?.Status, match?.Explanation));
            }
        }

        return affected;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Notification {MessageId} for {AdvisoryId} sent ({Devices} devices)")]
    private partial void LogSent(string messageId, string advisoryId, int devices);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Notification {MessageId} was already sent; completed without a second email")]
    private partial void LogAlreadySent(string messageId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Notification {MessageId} failed transiently; abandoned for redelivery")]
    private partial void LogTransientFailure(Exception exception, string messageId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Notification {MessageId} dead-lettered: {Reason}")]
    private partial void LogDeadLettered(string messageId, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Notification {MessageId}: none of its devices is registered for the recipient any more; completed without email")]
    private partial void LogNothingToSend(string messageId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Notification {MessageId} not deliverable yet ({Reason}); abandoned")]
    private partial void LogNotReady(string messageId, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Notification {MessageId} is below the recipient's threshold; added to the daily digest")]
    private partial void LogDigested(string messageId);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "Notification {MessageId}: the email template is broken; abandoned until it is fixed")]
    private partial void LogTemplateBroken(Exception exception, string messageId);
}
