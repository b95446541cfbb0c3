using System.Globalization;

namespace AdvisoryTracker.Domain.Versions;

/// <summary>One part of a version: a number (compared numerically, so 4.10 &gt; 4.9 and 2024.03 = 2024.3) or a word.</summary>
public readonly record struct VersionSegment(long? Number, string? Word)
{
    public bool IsNumber => Number.HasValue;

    public override string ToString() => Number?.ToString(CultureInfo.InvariantCulture) ?? Word ?? "";
}
