namespace AdvisoryTracker.Domain.Tracking;

/// <summary>What an import stored: every line, or (on a storage failure) the lines before the first failed batch.</summary>
public sealed record DeviceImportResult(int Stored, int Total, int? FirstLineNotStored, string? StorageError)
{
    /// <summary>Whether the backfill for the stored devices was queued (false when the queue was unreachable too: send the file again).</summary>
    public bool BackfillQueued { get; init; } = true;
}
