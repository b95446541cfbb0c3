using System.Text;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;

namespace AdvisoryTracker.Domain.Matching;

/// <summary>
/// First matcher: normalised vendor equality and product-name token containment. Versions are not evaluated yet:
/// a vendor and product match is reported as possibly affected (fail open), never silently dropped.
/// </summary>
public sealed class AdvisoryMatcher : IAdvisoryMatcher
{
    public IReadOnlyList<DeviceMatch> Match(Advisory advisory, IReadOnlyCollection<Device> devices)
    {
        var matches = new List<DeviceMatch>();
        foreach (var device in devices)
        {
            var vendor = Normalise(device.Manufacturer);
            var modelTokens = Tokens(device.Model);
            var hits = advisory.Products
                .Where(p => Normalise(p.Vendor) == vendor && modelTokens.Count > 0 && modelTokens.IsSubsetOf(Tokens(p.ProductName)))
                .ToList();
            if (hits.Count == 0)
            {
                continue;
            }

            var ids = hits.Select(h => h.ProductId).ToHashSet(StringComparer.Ordinal);
            matches.Add(new DeviceMatch(
                advisory.Id,
                device.Id,
                MatchStatus.PossiblyAffected,
                0.5,
                new MatchExplanation
                {
                    VendorRule = $"vendor '{hits[0].Vendor.Trim()}' equals '{device.Manufacturer}' after normalisation",
                    ProductRule = $"product '{hits[0].ProductName}' contains every word of model '{device.Model}'",
                    VersionRule = "version not evaluated: review",
                    ProductIds = [.. ids],
                    Remediations = advisory.Vulnerabilities.SelectMany(v => v.Remediations)
                        .Where(r => r.ProductIds.Any(ids.Contains)).Distinct().ToList(),
                }));
        }

        return matches;
    }

    private static string Normalise(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static HashSet<string> Tokens(string text) =>
        text.ToLowerInvariant()
            .Split([' ', '-', '/', ',', '(', ')', ':', '.'], StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.Ordinal);
}
