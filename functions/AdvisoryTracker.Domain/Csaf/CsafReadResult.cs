using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf.Validation;

namespace AdvisoryTracker.Domain.Csaf;

/// <summary>The outcome of reading one CSAF document: an advisory, or the reason it was rejected.</summary>
public sealed record CsafReadResult
{
    public Advisory? Advisory { get; private init; }
    /// <summary>Why the document was rejected; for a failed schema or mandatory test it ends "at &lt;JSON pointer&gt;".</summary>
    public string? RejectionReason { get; private init; }
    /// <summary>The JSON pointer of the value that failed the schema or a mandatory test; null for other rejections.</summary>
    public string? RejectionPath { get; private init; }
    /// <summary>Mandatory-test findings that did not reject the document (e.g. 6.1.6 contradicting product status).</summary>
    public IReadOnlyList<CsafValidationFinding> Warnings { get; private init; } = [];
    public bool Succeeded => Advisory is not null;

    public static CsafReadResult Success(Advisory advisory, IReadOnlyList<CsafValidationFinding>? warnings = null) =>
        new() { Advisory = advisory, Warnings = warnings ?? [] };
    public static CsafReadResult Rejected(string reason) => new() { RejectionReason = reason };
    public static CsafReadResult Rejected(CsafValidationFinding finding) =>
        new() { RejectionReason = finding.ToString(), RejectionPath = finding.Path };
}
