using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Html;

/// <summary>The outcome of reading one web page: an advisory, or the reason the page was not taken.</summary>
public sealed record PageReadResult
{
    public Advisory? Advisory { get; private init; }
    public string? RejectionReason { get; private init; }
    public bool Succeeded => Advisory is not null;

    public static PageReadResult Success(Advisory advisory) => new() { Advisory = advisory };
    public static PageReadResult Rejected(string reason) => new() { RejectionReason = reason };
}
