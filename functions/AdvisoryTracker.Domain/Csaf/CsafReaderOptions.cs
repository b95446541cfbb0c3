namespace AdvisoryTracker.Domain.Csaf;

/// <summary>Limits applied before and while a CSAF document is parsed.</summary>
public sealed class CsafReaderOptions
{
    public const string SectionName = "Csaf";

    /// <summary>Documents larger than this are rejected unparsed (default 10 MB).</summary>
    public long MaxDocumentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Maximum JSON nesting depth (default 64, as System.Text.Json).</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>
    /// Only for the ingest benchmark, to measure what validation costs: skip the schema and mandatory tests.
    /// Not a setting: every production path validates.
    /// </summary>
    internal bool SkipValidationForBenchmark { get; init; }
}
