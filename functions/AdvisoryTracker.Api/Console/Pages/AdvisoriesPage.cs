using System.Globalization;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Matching;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Console.Pages;

/// <summary>Advisories: a filtered list, and a detail page with the affected devices, why each matched and what to do.</summary>
public sealed class AdvisoriesPage(ConsoleData data, ConsoleLayout layout, IAdvisoryStore advisories)
{
    public async Task<IResult> ListAsync(ConsoleRequest request)
    {
        var ct = request.Http.RequestAborted;
        var severity = request.Query("severity");
        var exploited = request.Query("exploited");
        var source = request.Query("source");
        var sinceText = request.Query("since");
        DateTimeOffset? since = null;
        var problems = new List<Html>();
        if (sinceText is not null)
        {
            if (DateTimeOffset.TryParseExact(sinceText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                since = parsed;
            }
            else
            {
                problems.Add(Html.Of($"<p class=\"notice error\" role=\"alert\">The date must be written as YYYY-MM-DD.</p>"));
            }
        }

        var all = await data.AdvisoriesAsync(new AdvisoryQuery(since, null, null, exploited switch { "yes" => true, "no" => false, _ => null }, 500, null), ct);
        var sources = all.Select(a => a.SourceName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var matched = (await data.BoardAsync(ct)).Where(b => b.Match.Status.IsFlagged()).GroupBy(b => b.Match.AdvisoryId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var shown = all
            .Where(a => severity is null || ConsoleData.SeverityLabel(a.Severity).Equals(severity, StringComparison.OrdinalIgnoreCase))
            .Where(a => source is null || a.SourceName == source)
            .OrderByDescending(a => a.Exploited).ThenByDescending(a => matched.ContainsKey(a.Id)).ThenByDescending(a => a.CurrentReleaseDate)
            .ToList();

        var filters = Html.Of($"""
            <form method="get" action="/advisories" class="filters" role="search" aria-label="Filter advisories">
              {Ui.Select("severity", "Severity", [("", "Any"), ("critical", "Critical"), ("high", "High"), ("medium", "Medium"), ("low", "Low"), ("unknown", "Unknown")], severity)}
              {Ui.Select("exploited", "Known exploited", [("", "Any"), ("yes", "Yes"), ("no", "No")], exploited)}
              {Ui.Select("source", "Source", [("", "Any"), .. sources.Select(s => (s, s))], source)}
              <div class="field"><label for="since">Released since</label><input id="since" name="since" type="date" value="{sinceText ?? ""}"></div>
              <button type="submit">Filter</button>
            </form>
            """);
        var table = Ui.Table(
            $"{shown.Count} advisories, known exploited and those touching your devices first",
            Html.Of($"<th scope=\"col\">Advisory</th><th scope=\"col\">Severity</th><th scope=\"col\">Released</th><th scope=\"col\">Source</th><th scope=\"col\" class=\"n\">Your devices</th>"),
            shown.Select(a => Html.Of($"""
                <tr><td>{Ui.AdvisoryLink(a.Id, a.Title)}<br><span class="muted">{a.Id}</span> {Ui.KevBadge(a.Exploited)}</td><td>{Ui.SeverityBadge(a.Severity)}{(a.MaxCvss is { } cvss ? Html.Of($" <span class=\"muted\">CVSS {cvss:0.0}</span>") : Html.Empty)}</td>
                <td>{ConsoleRequest.Date(a.CurrentReleaseDate)}</td><td>{a.SourceName}</td><td class="n">{matched.GetValueOrDefault(a.Id)}</td></tr>
                """)),
            "No advisory matches these filters.");
        return layout.Page(request, "Advisories", "/advisories", Html.Of($"{problems}{filters}{table}"));
    }

    public async Task<IResult> DetailAsync(ConsoleRequest request)
    {
        var ct = request.Http.RequestAborted;
        var id = request.Route("id");
        var stored = id.Length is > 0 and <= 200 ? await advisories.GetAsync(id, ct) : null;
        if (stored is null)
        {
            return layout.Error(request.Http, StatusCodes.Status404NotFound, "Advisory not found", "No stored advisory has this id.");
        }

        var a = stored.Advisory;
        var board = (await data.BoardAsync(ct)).Where(b => b.Match.AdvisoryId == a.Id && b.Match.Status.IsFlagged()).ToList();
        var summary = board.FirstOrDefault()?.Advisory ?? (await data.AdvisoriesAsync(new AdvisoryQuery(null, null, null, null, 500, null), ct)).FirstOrDefault(s => s.Id == a.Id);
        var severity = summary?.Severity ?? a.Severity ?? a.HighestCvss?.BaseSeverity;

        var devices = Ui.Table(
            "Your devices this advisory touches",
            Html.Of($"<th scope=\"col\">Device</th><th scope=\"col\">Department</th><th scope=\"col\">Match</th><th scope=\"col\">Remediation</th><th scope=\"col\">Due</th><th scope=\"col\">Why this device</th>"),
            board.OrderBy(b => b.Match.Status).Select(b => Html.Of($"""
                <tr class="{(b.Overdue ? "overdue" : "")}"><td data-label="Device">{Ui.DeviceLink(b.Match.DeviceId)}<br><span class="muted">{b.Device?.Manufacturer} {b.Device?.Model} {b.Device?.Version}</span></td>
                <td data-label="Department">{b.Device?.Department}</td><td data-label="Match">{ConsoleData.MatchLabel(b.Match.Status)}</td><td data-label="Remediation">{Ui.StatusBadge(b.Status)}</td><td data-label="Due">{(b.Overdue ? "Overdue since " : "")}{ConsoleRequest.Date(b.Due)}</td><td data-label="Why this device">{Ui.WhyThisDevice(b.Device, b.Match)}</td></tr>
                """)),
            "None of your registered devices matches this advisory.",
            "stack");

        var remediations = a.Vulnerabilities.SelectMany(v => v.Remediations)
            .DistinctBy(r => (r.Category, r.Details.Trim()))
            .OrderBy(r => r.Category)
            .ToList();
        var advice = remediations.Count == 0
            ? Html.Of($"<p>The advisory gives no remediation. Limit the device's network exposure and contact the manufacturer.</p>")
            : Html.Of($"<ul class=\"advice\">{remediations.Select(r => Html.Of($"<li><strong>{CategoryLabel(r.Category)}:</strong> {r.Details}{Contact(r.Url)}</li>"))}</ul>");
        var cves = a.Cves.ToList();
        var body = Html.Of($"""
            <p class="lede">{Ui.SeverityBadge(severity)} {Ui.KevBadge(summary?.Exploited == true)} <span class="muted">{a.Id} · revision {a.Revision} · released {ConsoleRequest.Date(a.CurrentReleaseDate)} · {a.Publisher}</span></p>
            <section aria-labelledby="s-h"><h2 id="s-h">What is wrong</h2><p>{FirstParagraph(a.Summary ?? a.Vulnerabilities.Select(v => v.Summary).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)) ?? "The advisory gives no summary.")}</p>
            {(cves.Count == 0 ? Html.Empty : Html.Of($"<p class=\"muted\">Vulnerabilities: {string.Join(", ", cves)}</p>"))}
            {(a.WebUrl is null ? Html.Empty : Html.Of($"<p>{Ui.ExternalLink(a.WebUrl, "Read the full advisory")}</p>"))}</section>
            <section aria-labelledby="d-h"><h2 id="d-h">Affected devices</h2>{devices}</section>
            <section aria-labelledby="r-h"><h2 id="r-h">What to do</h2>{advice}</section>
            """);
        return layout.Page(request, a.Title, "/advisories", body);
    }

    /// <summary>A web link, or the address of a mailto: link; nothing for anything else.</summary>
    private static Html Contact(string? url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Html.Empty
        : uri.Scheme is "http" or "https" ? Html.Of($" ({Ui.ExternalLink(url, "details")})")
        : uri.Scheme == "mailto" ? Html.Of($" Contact: {uri.OriginalString["mailto:".Length..]}")
        : Html.Empty;

    private static string FirstParagraph(string text)
    {
        var trimmed = text.Trim();
        var cut = trimmed.IndexOf("\n\n", StringComparison.Ordinal);
        var first = cut > 0 ? trimmed[..cut] : trimmed;
        return first.Length > 1200 ? first[..1200] + "…" : first;
    }

    private static string CategoryLabel(RemediationCategory category) => category switch
    {
        RemediationCategory.VendorFix => "Update from the manufacturer",
        RemediationCategory.Mitigation => "Mitigation",
        RemediationCategory.Workaround => "Workaround",
        RemediationCategory.NoneAvailable => "No fix available yet",
        RemediationCategory.NoFixPlanned => "No fix planned",
        _ => category.ToString(),
    };
}
