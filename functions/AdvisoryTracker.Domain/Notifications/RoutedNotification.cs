namespace AdvisoryTracker.Domain.Notifications;

/// <summary>A routing decision: for <see cref="NotificationRoute.Immediate"/> the message carries its content.</summary>
public sealed record RoutedNotification(NotificationRoute Route, NotificationMessage Message);
