namespace AdvisoryTracker.Domain.Tracking;

/// <summary>A line of an import that could not be taken, by its 1-based line number in the file (the header is line 1).</summary>
public sealed record ImportLineError(int Line, string Field, string Message);
