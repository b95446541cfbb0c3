using System.Text.RegularExpressions;

namespace AdvisoryTracker.Domain.Html;

/// <summary>Patterns shared by the page readers.</summary>
internal static partial class TextPatterns
{
    /// <summary>CVE ids in a text, upper case, distinct, in order of first appearance.</summary>
    public static IReadOnlyList<string> Cves(string text) =>
        CveId().Matches(text).Select(m => m.Value.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"\bCVE-\d{4}-\d{4,7}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex CveId();

    /// <summary>The last path segment of a URL ("icsma-25-072-01"), or "" when there is none.</summary>
    public static string Slug(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed.AbsolutePath : url;
        return path.TrimEnd('/').Split('/').LastOrDefault() ?? "";
    }
}
