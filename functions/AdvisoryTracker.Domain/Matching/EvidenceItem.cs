namespace AdvisoryTracker.Domain.Matching;

/// <summary>One piece of evidence behind a match: its kind and the advisory's words, quoted.</summary>
public sealed record EvidenceItem(string Kind, string Text);
