namespace AdvisoryTracker.Domain.Versions;

/// <summary>Whether a device version falls inside an advisory's version expression.</summary>
public enum VersionOutcome
{
    InRange,
    OutOfRange,
    /// <summary>The device version is unknown, or cannot be compared with the expression, or the expression cannot be read.</summary>
    Unknown,
}
