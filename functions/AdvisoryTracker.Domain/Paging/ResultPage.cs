namespace AdvisoryTracker.Domain.Paging;

/// <summary>One page of a listing and the opaque position of the next one (null when this is the last page).</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);
