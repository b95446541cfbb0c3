namespace AdvisoryTracker.Domain.Sources;

/// <summary>Per-source state: conditional-GET validators, the cursor and health counters.</summary>
public sealed class SourceState
{
    public required string SourceName { get; init; }
    public string? ETag { get; set; }
    public DateTimeOffset? LastModified { get; set; }
    /// <summary>Source-defined position (e.g. the newest feed <c>updated</c> timestamp fully processed).</summary>
    public string? Cursor { get; set; }
    public DateTimeOffset? LastAttempt { get; set; }
    public DateTimeOffset? LastSuccess { get; set; }
    public int ConsecutiveFailures { get; set; }
    public string? LastError { get; set; }
    public long DocumentsSeen { get; set; }
    public long DocumentsStored { get; set; }
    public long DocumentsRejected { get; set; }
    /// <summary>Small source-specific values (e.g. per-listing ETags); kept short, stored as JSON.</summary>
    public Dictionary<string, string> Extra { get; init; } = new(StringComparer.Ordinal);
}
