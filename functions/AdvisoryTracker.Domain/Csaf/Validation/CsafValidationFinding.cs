namespace AdvisoryTracker.Domain.Csaf.Validation;

/// <summary>
/// One failed check of a CSAF document: which check (<c>schema</c> or the number of a CSAF mandatory test such as
/// <c>6.1.1</c>), the JSON pointer of the failing value, and what is wrong.
/// </summary>
public sealed record CsafValidationFinding(string Test, string Path, string Message)
{
    /// <summary>"6.1.1 at /vulnerabilities/0/product_status/known_affected/0: …" (schema errors carry the test in the message).</summary>
    public override string ToString() =>
        Test == "schema" ? $"{Message} at {Path}" : $"CSAF mandatory test {Test}: {Message} at {Path}";
}
