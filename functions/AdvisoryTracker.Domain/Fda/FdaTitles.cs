using System.Text.RegularExpressions;

namespace AdvisoryTracker.Domain.Fda;

/// <summary>The firm and product an FDA device recall or early-alert title names.</summary>
internal sealed record FdaTitleSubject(string Firm, string Product);

/// <summary>
/// Reads FDA's standard device recall titles, for pages that have no product table:
/// "Cryoprobe Recall: Erbe USA Removes Flexible Cryoprobes", "Ventilator Correction: Philips Issues Correction for
/// Trilogy Evo Platform Ventilators", "Early Alert: Heart Pump Issue from Abiomed",
/// "Risks of Using TRUE METRIX Blood Glucose Monitoring Systems by Trividia Health: FDA Safety Communication".
/// </summary>
internal static partial class FdaTitles
{
    public static FdaTitleSubject? Parse(string title)
    {
        var text = title.Trim();
        if (RecallOrCorrection().Match(text) is { Success: true } recall)
        {
            return new FdaTitleSubject(recall.Groups["firm"].Value.Trim(), recall.Groups["product"].Value.Trim());
        }

        if (EarlyAlert().Match(text) is { Success: true } alert)
        {
            return new FdaTitleSubject(alert.Groups["firm"].Value.Trim().TrimEnd('.'), alert.Groups["product"].Value.Trim());
        }

        if (ProductByFirm().Match(text) is { Success: true } communication)
        {
            return new FdaTitleSubject(communication.Groups["firm"].Value.Trim(), communication.Groups["product"].Value.Trim());
        }

        return null;
    }

    [GeneratedRegex(@"^[^:]{3,80}(?:Recall|Correction|Removal):\s*(?<firm>.+?)\s+(?:Issues Correction for|Removes|Recalls|Corrects|Updates)\s+(?<product>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex RecallOrCorrection();

    [GeneratedRegex(@"^Early Alert:\s*(?<product>.+?)\s+Issue from\s+(?<firm>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex EarlyAlert();

    [GeneratedRegex(@"^(?:Risks? of Using|Do Not Use|Stop Using)\s+(?<product>.+?)\s+(?:by|from)\s+(?<firm>[^:]+):\s*FDA Safety Communication$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ProductByFirm();
}
