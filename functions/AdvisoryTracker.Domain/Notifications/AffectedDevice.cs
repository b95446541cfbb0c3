using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>A device in a notification, with the matcher's verdict and technical explanation.</summary>
public sealed record AffectedDevice(Device Device, MatchStatus? Status, string? Explanation, double? Confidence = null);
