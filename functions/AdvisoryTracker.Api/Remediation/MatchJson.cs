using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Remediation;

namespace AdvisoryTracker.Api.Remediation;

/// <summary>How a match and its remediation state are written in responses.</summary>
public static class MatchJson
{
    public static Dictionary<string, object?> Write(TrackedMatch tracked, bool includeHistory)
    {
        var m = tracked.Match;
        var json = new Dictionary<string, object?>
        {
            ["deviceId"] = m.DeviceId,
            ["advisoryId"] = m.AdvisoryId,
            ["revision"] = m.Revision,
            ["matchStatus"] = m.Status.ToName(),
            ["confidence"] = m.Confidence,
            ["explanation"] = m.Explanation,
            ["hasVendorFix"] = m.HasVendorFix,
            ["remediation"] = new Dictionary<string, object?>
            {
                ["status"] = tracked.Remediation.Status.ToName(),
                ["by"] = tracked.Remediation.By,
                ["at"] = tracked.Remediation.At,
                ["note"] = tracked.Remediation.Note,
            },
        };
        if (includeHistory)
        {
            json["history"] = tracked.History.Select(h => new Dictionary<string, object?>
            {
                ["status"] = h.Status.ToName(),
                ["by"] = h.By,
                ["at"] = h.At,
                ["note"] = h.Note,
            }).ToList();
        }

        return json;
    }

    /// <summary>A count for every remediation status (zeros included), by wire name.</summary>
    public static Dictionary<string, int> CountByStatus(IEnumerable<RemediationStatus> statuses)
    {
        var counts = Enum.GetValues<RemediationStatus>().ToDictionary(s => s.ToName(), _ => 0, StringComparer.Ordinal);
        foreach (var status in statuses)
        {
            counts[status.ToName()]++;
        }

        return counts;
    }
}
