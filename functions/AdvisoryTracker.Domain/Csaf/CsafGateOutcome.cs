namespace AdvisoryTracker.Domain.Csaf;

public enum CsafGateOutcome
{
    /// <summary>Verified and parsed: store it.</summary>
    Accepted,
    /// <summary>Failed a check: record the reason, do not store.</summary>
    Rejected,
    /// <summary>Valid but outside this source's filters: neither stored nor recorded.</summary>
    FilteredOut,
}
