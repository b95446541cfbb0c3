namespace AdvisoryTracker.Domain.Remediation;

public static class RemediationStatusNames
{
    public static string ToName(this RemediationStatus status) => status switch
    {
        RemediationStatus.Open => "open",
        RemediationStatus.InProgress => "in_progress",
        RemediationStatus.Mitigated => "mitigated",
        RemediationStatus.Patched => "patched",
        RemediationStatus.NotAffected => "not_affected",
        RemediationStatus.RiskAccepted => "risk_accepted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? name, out RemediationStatus status)
    {
        status = RemediationStatus.Open;
        foreach (var candidate in Enum.GetValues<RemediationStatus>())
        {
            if (string.Equals(candidate.ToName(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        return false;
    }
}
