using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Remediation;

namespace AdvisoryTracker.Api.Console;

/// <summary>Small, encoded building blocks shared by the pages.</summary>
public static class Ui
{
    public static Html SeverityBadge(string? severity)
    {
        var label = ConsoleData.SeverityLabel(severity);
        return Html.Of($"<span class=\"badge sev-{label.ToLowerInvariant()}\">{label}</span>");
    }

    public static Html KevBadge(bool exploited) =>
        exploited ? Html.Of($"<span class=\"badge kev\" title=\"In CISA's Known Exploited Vulnerabilities catalogue\">Known exploited</span>") : Html.Empty;

    public static Html StatusBadge(RemediationStatus status) =>
        Html.Of($"<span class=\"badge st-{status.ToName()}\">{ConsoleData.StatusLabel(status)}</span>");

    public static Html DeviceLink(string id) => Html.Of($"<a href=\"/devices/{Uri.EscapeDataString(id)}\">{id}</a>");

    public static Html AdvisoryLink(string id, string? text = null) => Html.Of($"<a href=\"/advisories/{Uri.EscapeDataString(id)}\">{text ?? id}</a>");

    /// <summary>A link to an outside page, only for http(s) addresses; otherwise the text.</summary>
    public static Html ExternalLink(string? url, string text) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? Html.Of($"<a href=\"{uri.AbsoluteUri}\" rel=\"noopener noreferrer\">{text}</a>")
            : Html.Text(text);

    public static Html Option(string value, string label, string? selected) =>
        string.Equals(value, selected, StringComparison.OrdinalIgnoreCase)
            ? Html.Of($"<option value=\"{value}\" selected>{label}</option>")
            : Html.Of($"<option value=\"{value}\">{label}</option>");

    public static Html Select(string name, string label, IEnumerable<(string Value, string Label)> options, string? selected, string? id = null) =>
        Html.Of($"""
            <div class="field"><label for="{id ?? name}">{label}</label>
            <select id="{id ?? name}" name="{name}">{options.Select(o => Option(o.Value, o.Label, selected))}</select></div>
            """);

    public static IEnumerable<(string, string)> StatusOptions() =>
        Enum.GetValues<RemediationStatus>().Select(s => (s.ToName(), ConsoleData.StatusLabel(s)));

    public static Html Table(string caption, Html head, IEnumerable<Html> rows, string empty, string? extraClass = null)
    {
        var list = rows.ToList();
        return list.Count == 0
            ? Html.Of($"<p class=\"empty\">{empty}</p>")
            : Html.Of($"""
                <div class="table-wrap" role="region" aria-label="{caption}" tabindex="0">
                <table class="{extraClass ?? ""}"><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{list}</tbody></table>
                </div>
                """);
    }

    /// <summary>The match explanation, in short sentences, from its parts (vendor; product; version; remediation).</summary>
    public static Html Explanation(string explanation)
    {
        var parts = explanation.Split("; ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 0
            ? Html.Text("No explanation recorded.")
            : Html.Of($"<ul class=\"why\">{parts.Select(p => Html.Of($"<li>{Sentence(p)}</li>"))}</ul>");
    }

    /// <summary>"Why this device" in one plain sentence, with the technical detail folded away below it.</summary>
    public static Html WhyThisDevice(AdvisoryTracker.Domain.Devices.Device? device, AdvisoryTracker.Domain.Matching.StoredMatch match)
    {
        var name = device is null ? match.DeviceId : $"{device.Manufacturer} {device.Model}";
        var version = string.IsNullOrWhiteSpace(device?.Version) ? null : device!.Version;
        var sentence = match.Status switch
        {
            AdvisoryTracker.Domain.Matching.MatchStatus.Affected when version is not null => $"Your {name} runs version {version}, which this advisory lists as affected.",
            AdvisoryTracker.Domain.Matching.MatchStatus.Affected => $"This advisory lists {name} as affected in every version.",
            AdvisoryTracker.Domain.Matching.MatchStatus.PossiblyAffected when version is null => $"This advisory names {name}; your device's version is not recorded, so check it on the device.",
            AdvisoryTracker.Domain.Matching.MatchStatus.PossiblyAffected => $"This advisory names {name}, but version {version} could not be checked against it: check the device.",
            _ => $"This advisory names {name}, and version {version ?? "(unknown)"} is not affected.",
        };
        return Html.Of($"<p class=\"why-plain\">{sentence}</p><details><summary>Technical detail</summary>{Explanation(match.Explanation)}</details>");
    }

    private static string Sentence(string part) => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..] + (part.EndsWith('.') ? "" : ".");
}
