namespace AdvisoryTracker.Domain.Advisories;

/// <summary>One SSVC decision point selection (e.g. namespace "ssvc", key "MI", values ["N"]).</summary>
public sealed record SsvcSelection(string Namespace, string Key, IReadOnlyList<string> Values);
