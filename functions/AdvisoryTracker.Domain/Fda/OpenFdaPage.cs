namespace AdvisoryTracker.Domain.Fda;

/// <summary>One page of an openFDA response.</summary>
public sealed record OpenFdaPage(int Skip, int Limit, int Total, string? LastUpdated, IReadOnlyList<OpenFdaRecord> Records);
