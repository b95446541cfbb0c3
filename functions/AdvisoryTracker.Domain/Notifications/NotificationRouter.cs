using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>
/// Decides once, when the relay publishes a notification, where it goes (in the spirit of Dependency-Track's
/// notification router: route, then deliver): its content is read (<see cref="NotificationContentReader"/>), then the
/// recipient's preferences choose an immediate email, the daily digest (the entry is stored with its content) or
/// nothing (recorded as suppressed in the email ledger, with the reason). Recording is idempotent, so a relay that
/// crashes before removing its outbox rows routes them again without a second digest entry or record.
/// </summary>
public sealed partial class NotificationRouter(
    NotificationContentReader reader,
    RecipientPreferencesService preferences,
    INotificationDigestStore digests,
    INotificationLedger ledger,
    TimeProvider time,
    ILogger<NotificationRouter> logger)
{
    public const string NoDeviceReason = "none of its devices lists the recipient any more";

    public async Task<IReadOnlyList<RoutedNotification>> RouteAsync(IReadOnlyList<NotificationMessage> messages, CancellationToken cancellationToken)
    {
        var contents = await reader.ReadAsync(messages, cancellationToken);
        var wanted = new Dictionary<string, RecipientPreferences>(StringComparer.OrdinalIgnoreCase);
        var routed = new List<RoutedNotification>(messages.Count);
        foreach (var message in messages)
        {
            if (!contents.TryGetValue(message.MessageId, out var content))
            {
                LogNotReady(message.MessageId, message.AdvisoryId);
                routed.Add(new RoutedNotification(NotificationRoute.NotReady, message));
                continue;
            }

            if (content.DeviceCount == 0)
            {
                await ledger.RecordSuppressedAsync(message.MessageId, message.Recipient, NoDeviceReason, cancellationToken);
                LogSuppressed(message.MessageId, NoDeviceReason);
                routed.Add(new RoutedNotification(NotificationRoute.Suppressed, message));
                continue;
            }

            var recipient = message.Recipient.Trim();
            if (!wanted.TryGetValue(recipient, out var prefs))
            {
                prefs = wanted[recipient] = await preferences.GetAsync(recipient, cancellationToken);
            }

            var full = message.WithContent(content);
            if (prefs.Defers(content.Advisory.Severity, content.KnownExploited))
            {
                await digests.AddAsync(
                    new DigestEntry(message.Recipient, message.MessageId, message.AdvisoryId, message.Revision, message.Kind,
                        content.Devices.Select(d => d.Id).ToList(), time.GetUtcNow()) { Content = content },
                    cancellationToken);
                LogDigested(message.MessageId);
                routed.Add(new RoutedNotification(NotificationRoute.Digest, full));
                continue;
            }

            routed.Add(new RoutedNotification(NotificationRoute.Immediate, full));
        }

        return routed;
    }

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Notification {MessageId} is below the recipient's threshold; added to the daily digest")]
    private partial void LogDigested(string messageId);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Notification {MessageId} suppressed: {Reason}")]
    private partial void LogSuppressed(string messageId, string reason);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Notification {MessageId}: advisory {AdvisoryId} is not stored yet; published without content, routed at delivery")]
    private partial void LogNotReady(string messageId, string advisoryId);
}
