namespace AdvisoryTracker.Domain.Notifications;

/// <summary>The outcome of a delivery, with the failure when there was one.</summary>
public sealed record EmailDeliveryResult(EmailDeliveryOutcome Outcome, Exception? Failure = null)
{
    public static readonly EmailDeliveryResult Sent = new(EmailDeliveryOutcome.Sent);

    public static readonly EmailDeliveryResult AlreadySent = new(EmailDeliveryOutcome.AlreadySent);
}
