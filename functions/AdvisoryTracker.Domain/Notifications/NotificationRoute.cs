namespace AdvisoryTracker.Domain.Notifications;

/// <summary>Where the router sent a notification.</summary>
public enum NotificationRoute
{
    /// <summary>Sent at once: the queue message carries its content.</summary>
    Immediate,
    /// <summary>Held for the recipient's daily digest (preferences: daily digest, below the threshold, not exploited).</summary>
    Digest,
    /// <summary>Nothing to tell (none of its devices lists the recipient any more); recorded in the email ledger with the reason.</summary>
    Suppressed,
    /// <summary>The advisory is not stored yet: published without content, routed again at delivery.</summary>
    NotReady,
}
