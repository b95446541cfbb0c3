using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Csaf;

/// <summary>The outcome of reading one CSAF document: an advisory, or the reason it was rejected.</summary>
public sealed record CsafReadResult
{
    public Advisory? Advisory { get; private init; }
    public string? RejectionReason { get; private init; }
    public bool Succeeded => Advisory is not null;

    public static CsafReadResult Success(Advisory advisory) => new() { Advisory = advisory };
    public static CsafReadResult Rejected(string reason) => new() { RejectionReason = reason };
}

/// <summary>Limits applied before and while a CSAF document is parsed.</summary>
public sealed class CsafReaderOptions
{
    public const string SectionName = "Csaf";

    /// <summary>Documents larger than this are rejected unparsed (default 10 MB).</summary>
    public long MaxDocumentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Maximum JSON nesting depth (default 64, as System.Text.Json).</summary>
    public int MaxDepth { get; set; } = 64;
}
