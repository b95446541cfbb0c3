namespace AdvisoryTracker.Domain.Devices;

public static class CareSegments
{
    /// <summary>The wire names, as the API, CSV import and settings write them.</summary>
    public static readonly IReadOnlyDictionary<string, CareSegment> ByName = new Dictionary<string, CareSegment>(StringComparer.OrdinalIgnoreCase)
    {
        ["on-body"] = CareSegment.OnBody,
        ["in-home"] = CareSegment.InHome,
        ["community"] = CareSegment.Community,
        ["in-clinic"] = CareSegment.InClinic,
        ["in-hospital"] = CareSegment.InHospital,
    };

    public static string ToName(this CareSegment segment) => segment switch
    {
        CareSegment.OnBody => "on-body",
        CareSegment.InHome => "in-home",
        CareSegment.Community => "community",
        CareSegment.InClinic => "in-clinic",
        CareSegment.InHospital => "in-hospital",
        _ => throw new ArgumentOutOfRangeException(nameof(segment), segment, null),
    };

    public static bool TryParse(string? name, out CareSegment segment) =>
        CareSegments.ByName.TryGetValue(name?.Trim() ?? "", out segment);
}
