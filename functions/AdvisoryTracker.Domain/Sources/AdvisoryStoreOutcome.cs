namespace AdvisoryTracker.Domain.Sources;

public enum AdvisoryStoreOutcome
{
    Unchanged,
    Created,
    Revised,
    /// <summary>Not stored: the document broke a limit or could not be stored; it is quarantined with the reason (the cursor may move on).</summary>
    Rejected,
}
