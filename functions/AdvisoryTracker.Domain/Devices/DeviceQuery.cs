namespace AdvisoryTracker.Domain.Devices;

/// <summary>
/// Device listing filters. Manufacturer and department match case-insensitively and exactly (on stored lower-case
/// columns); all filters run in the table query.
/// </summary>
public sealed record DeviceQuery(string? Manufacturer, CareSegment? Segment, string? Department, int PageSize, string? ContinuationToken);
