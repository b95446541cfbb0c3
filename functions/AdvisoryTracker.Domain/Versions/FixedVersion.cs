namespace AdvisoryTracker.Domain.Versions;

/// <summary>A fixed version read from a remediation, with the (case-folded) sentence that names it.</summary>
public sealed record FixedVersion(VersionValue Version, string Sentence);
