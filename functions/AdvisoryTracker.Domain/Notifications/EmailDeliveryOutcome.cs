namespace AdvisoryTracker.Domain.Notifications;

/// <summary>How one delivery through <see cref="EmailDelivery"/> ended.</summary>
public enum EmailDeliveryOutcome
{
    /// <summary>Sent and marked sent in the ledger.</summary>
    Sent,
    /// <summary>The ledger says it was sent (or suppressed) before: nothing sent.</summary>
    AlreadySent,
    /// <summary>The template could not render it: nothing sent, the claim stays unmarked (fixing the template fixes delivery).</summary>
    TemplateBroken,
    /// <summary>The mail server refused it for now: nothing marked, a retry can help.</summary>
    TransientFailure,
    /// <summary>The mail server refused it for good (e.g. a bad address): nothing marked.</summary>
    PermanentFailure,
}
