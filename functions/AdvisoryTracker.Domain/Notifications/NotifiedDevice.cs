using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>A recipient's device in an email, with the match verdict and the sentences about it (decided at routing).</summary>
public sealed record NotifiedDevice
{
    public required string Id { get; init; }

    /// <summary>"Mirion Medical EC2 Software NMIS BioDose".</summary>
    public required string Name { get; init; }

    public string Manufacturer { get; init; } = "";

    public string Model { get; init; } = "";

    public string? Version { get; init; }

    public string Department { get; init; } = "";

    public CareSegment Segment { get; init; } = CareSegment.InHospital;

    /// <summary>"You prescribe this model to 14 patients." (worded for the recipient), or null.</summary>
    public string? Patients { get; init; }

    public MatchStatus? Status { get; init; }

    public double? Confidence { get; init; }

    /// <summary>The matcher's technical explanation.</summary>
    public string? Explanation { get; init; }

    /// <summary>Why this device is in the email, in one plain sentence.</summary>
    public string Why { get; init; } = "";
}
