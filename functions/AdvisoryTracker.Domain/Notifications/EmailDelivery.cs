namespace AdvisoryTracker.Domain.Notifications;

/// <summary>
/// The one delivery path of every email (immediate notification, daily digest, escalation): claim the ledger key,
/// render, send, mark sent. SMTP has no idempotency key, so the ledger is what keeps a redelivered message, a re-run
/// digest or escalation to one email: a key already marked is not sent again, and a failed render or send leaves the
/// claim unmarked so the next attempt takes it over. The one window left is a crash after the server accepted the email
/// and before the ledger was marked: the next attempt sends it once more, never more.
/// </summary>
public sealed class EmailDelivery(INotificationLedger ledger, IEmailSender sender, NotificationEmailComposer composer)
{
    /// <summary>Claims the key for the recipient; null when the email for it was already sent (or suppressed).</summary>
    public Task<LedgerClaim?> ClaimAsync(string key, string recipient, CancellationToken cancellationToken) =>
        ledger.TryClaimAsync(key, recipient, cancellationToken);

    /// <summary>Claim → render (with the templates' composer) → send → mark sent, for one email under one ledger key.</summary>
    public async Task<EmailDeliveryResult> DeliverAsync(string key, string recipient, Func<NotificationEmailComposer, EmailMessage> render, CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(key, recipient, cancellationToken);
        return claim is null ? EmailDeliveryResult.AlreadySent : await SendAsync([claim], render, cancellationToken);
    }

    /// <summary>
    /// Render → send → mark sent for one email covering several claimed keys (an escalation lists several matches):
    /// every claim is marked after the server accepted the email, none when it did not.
    /// </summary>
    public async Task<EmailDeliveryResult> SendAsync(IReadOnlyList<LedgerClaim> claims, Func<NotificationEmailComposer, EmailMessage> render, CancellationToken cancellationToken)
    {
        EmailMessage email;
        try
        {
            email = render(composer);
        }
        catch (NotificationTemplateException ex)
        {
            return new EmailDeliveryResult(EmailDeliveryOutcome.TemplateBroken, ex);
        }

        try
        {
            await sender.SendAsync(email, cancellationToken);
        }
        catch (EmailDeliveryException ex)
        {
            return new EmailDeliveryResult(ex.IsTransient ? EmailDeliveryOutcome.TransientFailure : EmailDeliveryOutcome.PermanentFailure, ex);
        }

        foreach (var claim in claims)
        {
            await ledger.MarkSentAsync(claim, cancellationToken);
        }

        return EmailDeliveryResult.Sent;
    }
}
