using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Fda;

/// <summary>One result record: the advisory, or why it was not taken; with its raw JSON for the archive.</summary>
public sealed record OpenFdaRecord(string Reference, Advisory? Advisory, string? RejectionReason, byte[] RawJson);
