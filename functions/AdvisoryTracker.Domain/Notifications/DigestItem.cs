namespace AdvisoryTracker.Domain.Notifications;

/// <summary>One advisory in a daily digest.</summary>
public sealed record DigestItem(NotifiedAdvisory Advisory, NotificationKind Kind, string Revision, IReadOnlyList<NotifiedDevice> Devices);
