using System.Globalization;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>What a digest run did.</summary>
public sealed record DigestRunSummary(int Recipients, int Sent, int Items);

/// <summary>
/// The daily digest (timer <c>DigestSchedule</c>): one email per recipient per UTC day listing every held-back
/// notification, from the content each entry was routed with. Delivery is <see cref="EmailDelivery"/> under the ledger
/// key (recipient, day), so a second run on the same day sends nothing; entries are stamped with the day before sending
/// and removed after the ledger says sent, so a crash between the two re-lists nothing once the ledger was marked and
/// re-sends the same digest at most once when it was not.
/// </summary>
public sealed partial class NotificationDigestService(
    INotificationDigestStore digests,
    EmailDelivery delivery,
    NotificationContentReader legacyContent,
    RecipientPreferencesService preferences,
    TimeProvider time,
    ILogger<NotificationDigestService> logger)
{
    public async Task<DigestRunSummary> RunAsync(CancellationToken cancellationToken)
    {
        var day = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        int recipients = 0, sent = 0, items = 0;
        foreach (var recipient in await digests.ListRecipientsAsync(cancellationToken))
        {
            recipients++;
            var entries = await digests.ListAsync(recipient, cancellationToken);
            if (entries.Count == 0)
            {
                continue;
            }

            var claim = await delivery.ClaimAsync(DigestKey(recipient, day), recipient, cancellationToken);
            if (claim is null)
            {
                // Today's digest went out: drop what it listed, keep the rest for tomorrow.
                await digests.RemoveAsync(entries.Where(e => e.Batch == day).ToList(), cancellationToken);
                continue;
            }

            await digests.AssignBatchAsync(entries.Where(e => e.Batch != day).ToList(), day, cancellationToken);
            // Nothing left to list (every device gone): the entries go, the claim stays unmarked for a later run today.
            var included = Items(await WithContentAsync(entries, cancellationToken));
            if (included.Count > 0)
            {
                var threshold = (await preferences.GetAsync(recipient, cancellationToken)).Threshold;
                var result = await delivery.SendAsync([claim], composer => composer.ComposeDigest(recipient, day, threshold, included), cancellationToken);
                if (result.Outcome != EmailDeliveryOutcome.Sent)
                {
                    // Kept for the next run (transient) or for an operator to fix the address or template.
                    LogDigestFailed(result.Failure, recipient, result.Outcome);
                    continue;
                }

                sent++;
                items += included.Count;
            }

            await digests.RemoveAsync(entries, cancellationToken);
            LogDigestSent(included.Count);
        }

        return new DigestRunSummary(recipients, sent, items);
    }

    /// <summary>The ledger key of a recipient's digest for a day.</summary>
    public static string DigestKey(string recipient, string day) => "d-" + NotificationKeys.Hash($"{recipient.ToLowerInvariant()}\n{day}");

    /// <summary>Entries stored before routing moved to the relay carry no content: it is routed now.</summary>
    private async Task<IReadOnlyList<DigestEntry>> WithContentAsync(IReadOnlyList<DigestEntry> entries, CancellationToken cancellationToken)
    {
        var legacy = entries.Where(e => e.Content is null)
            .Select(e => NotificationMessage.Create(e.Recipient, e.AdvisoryId, e.Revision, e.Kind, e.DeviceIds) with { MessageId = e.MessageId })
            .ToList();
        if (legacy.Count == 0)
        {
            return entries;
        }

        var contents = await legacyContent.ReadAsync(legacy, cancellationToken);
        return entries.Select(e => e.Content is null && contents.TryGetValue(e.MessageId, out var content) ? e with { Content = content } : e).ToList();
    }

    /// <summary>One item per advisory and kind (its latest revision), listing the devices of all its entries.</summary>
    private static List<DigestItem> Items(IReadOnlyList<DigestEntry> entries) =>
        entries.Where(e => e.Content is { DeviceCount: > 0 })
            .GroupBy(e => (e.AdvisoryId, e.Kind))
            .Select(g =>
            {
                var latest = g.OrderByDescending(e => e.QueuedAt).First();
                var devices = g.SelectMany(e => e.Content!.Devices).DistinctBy(d => d.Id, StringComparer.Ordinal).ToList();
                return new DigestItem(latest.Content!.Advisory, g.Key.Kind, latest.Revision, devices);
            })
            .Where(i => i.Devices.Count > 0)
            .ToList();

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Daily digest sent ({Items} advisories)")]
    private partial void LogDigestSent(int items);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Daily digest to {Recipient} failed ({Outcome}); entries kept")]
    private partial void LogDigestFailed(Exception? exception, string recipient, EmailDeliveryOutcome outcome);
}
