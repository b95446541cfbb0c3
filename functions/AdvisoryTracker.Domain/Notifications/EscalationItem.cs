namespace AdvisoryTracker.Domain.Notifications;

/// <summary>One overdue critical match in an escalation.</summary>
public sealed record EscalationItem(NotifiedAdvisory Advisory, NotifiedDevice Device, DateTimeOffset OpenSince);
