namespace AdvisoryTracker.Domain.Triage;

/// <summary>A reviewer's verdict on a <c>possibly_affected</c> match.</summary>
public enum TriageVerdict
{
    /// <summary>The device is affected: the match was right.</summary>
    Confirmed,
    /// <summary>The device is not affected: the match was wrong.</summary>
    Dismissed,
}
