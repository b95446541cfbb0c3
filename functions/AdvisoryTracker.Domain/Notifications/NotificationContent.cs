using AdvisoryTracker.Domain.Kev;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>
/// Everything an email needs, decided once when the notification is routed and carried in the queue message (and in a
/// digest entry): the advisory's wording, the recipient's devices with their verdicts, and the exploitation status.
/// </summary>
public sealed record NotificationContent
{
    public required NotifiedAdvisory Advisory { get; init; }

    /// <summary>The recipient's devices, up to a size budget (<see cref="OmittedDevices"/> counts the rest).</summary>
    public IReadOnlyList<NotifiedDevice> Devices { get; init; } = [];

    /// <summary>Devices left out of <see cref="Devices"/> to keep the message small; the email says how many.</summary>
    public int OmittedDevices { get; init; }

    /// <summary>Listed in CISA KEV: true, false, or null when not known.</summary>
    public bool? KnownExploited { get; init; }

    /// <summary>The advisory's CVEs in KEV with date added and required action (read when the notification was routed).</summary>
    public IReadOnlyList<KnownExploitedInfo> KnownExploitedEntries { get; init; } = [];

    public int DeviceCount => Devices.Count + OmittedDevices;
}
