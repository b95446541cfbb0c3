namespace AdvisoryTracker.Domain.Devices;

/// <summary>
/// A problem on one line of a device CSV (1-based line number as an editor shows it). <paramref name="Field"/> names
/// the column, <c>header</c> for an empty file, or <c>line</c> when the line as a whole cannot be read.
/// </summary>
public sealed record DeviceCsvError(int LineNumber, string Message, string Field = "line")
{
    public override string ToString() => Field is "line" or "header" ? $"line {LineNumber}: {Message}" : $"line {LineNumber}: {Field} {Message}";
}
