namespace AdvisoryTracker.Domain.Csaf;

/// <summary>A product (vendor + product name + family path) whose affected version expressions changed.</summary>
public sealed record VersionRangeChange(string Product, IReadOnlyList<string> Before, IReadOnlyList<string> After);
