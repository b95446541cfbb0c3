using System.Globalization;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>What a digest run did.</summary>
public sealed record DigestRunSummary(int Recipients, int Sent, int Items);

/// <summary>
/// The daily digest (timer <c>DigestSchedule</c>): one email per recipient per UTC day listing every held-back
/// notification. The ledger key is (recipient, day), so a second run on the same day sends nothing; entries are stamped
/// with the day before sending and removed after the ledger says sent, so a crash between the two re-lists nothing
/// once the ledger was marked and re-sends the same digest at most once when it was not.
/// </summary>
public sealed partial class NotificationDigestService(
    INotificationDigestStore digests,
    INotificationLedger ledger,
    IEmailSender email,
    NotificationEmailComposer composer,
    IAdvisoryStore advisories,
    IDeviceRegistry devices,
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

            var claim = await ledger.TryClaimAsync("d-" + NotificationKeys.Hash($"{recipient.ToLowerInvariant()}\n{day}"), recipient, cancellationToken);
            if (claim is null)
            {
                // Today's digest went out: drop what it listed, keep the rest for tomorrow.
                await digests.RemoveAsync(entries.Where(e => e.Batch == day).ToList(), cancellationToken);
                continue;
            }

            var batch = entries.Where(e => e.Batch != day).ToList();
            await digests.AssignBatchAsync(batch, day, cancellationToken);
            var included = await ItemsAsync(entries, cancellationToken);
            if (included.Count > 0)
            {
                var prefs = await preferences.GetAsync(recipient, cancellationToken);
                try
                {
                    await email.SendAsync(composer.ComposeDigest(recipient, day, prefs.Threshold, included), cancellationToken);
                }
                catch (EmailDeliveryException ex)
                {
                    // Kept for the next run (transient) or for an operator to fix the address (permanent).
                    LogDigestFailed(ex, recipient, ex.IsTransient);
                    continue;
                }

                sent++;
                items += included.Count;
            }

            await ledger.MarkSentAsync(claim, cancellationToken);
            await digests.RemoveAsync(entries, cancellationToken);
            LogDigestSent(included.Count);
        }

        return new DigestRunSummary(recipients, sent, items);
    }

    private async Task<List<DigestItem>> ItemsAsync(IReadOnlyList<DigestEntry> entries, CancellationToken cancellationToken)
    {
        var items = new List<DigestItem>();
        // Latest revision per advisory and kind: a digest lists an advisory once.
        foreach (var group in entries.GroupBy(e => (e.AdvisoryId, e.Kind)))
        {
            if (await advisories.GetAsync(group.Key.AdvisoryId, cancellationToken) is not { } advisory)
            {
                continue;
            }

            var listed = new List<Device>();
            foreach (var deviceId in group.SelectMany(e => e.DeviceIds).Distinct(StringComparer.Ordinal))
            {
                if (await devices.GetAsync(deviceId, cancellationToken) is { } stored
                    && stored.Device.Recipients.Contains(group.First().Recipient, StringComparer.OrdinalIgnoreCase))
                {
                    listed.Add(stored.Device);
                }
            }

            if (listed.Count > 0)
            {
                items.Add(new DigestItem(advisory.Advisory, group.Key.Kind, group.OrderByDescending(e => e.QueuedAt).First().Revision, listed));
            }
        }

        return items;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Daily digest sent ({Items} advisories)")]
    private partial void LogDigestSent(int items);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Daily digest to {Recipient} failed (transient: {Transient}); entries kept")]
    private partial void LogDigestFailed(Exception exception, string recipient, bool transient);
}
