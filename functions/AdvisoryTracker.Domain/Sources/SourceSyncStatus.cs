namespace AdvisoryTracker.Domain.Sources;

public enum SourceSyncStatus
{
    Succeeded,
    Failed,
    NotDue,
}
