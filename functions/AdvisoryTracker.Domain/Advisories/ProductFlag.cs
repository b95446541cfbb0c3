namespace AdvisoryTracker.Domain.Advisories;

/// <summary>A CSAF flag: a machine-readable justification (component_not_present, vulnerable_code_not_present, ...).</summary>
public sealed record ProductFlag(string Label, IReadOnlyList<string> ProductIds);
