namespace AdvisoryTracker.Domain.Versions;

/// <summary>One alternative of a range: bounds (either may be missing) or one exact (possibly wildcard) version.</summary>
public sealed record VersionClause(VersionValue? Lower, bool LowerInclusive, VersionValue? Upper, bool UpperInclusive, VersionValue? Exact)
{
    public override string ToString() => Exact is not null ? $"= {Exact}"
        : string.Join(" and ", new[]
        {
            Lower is null ? null : $"{(LowerInclusive ? ">=" : ">")} {Lower}",
            Upper is null ? null : $"{(UpperInclusive ? "<=" : "<")} {Upper}",
        }.OfType<string>());
}
