using System.Globalization;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Api.Console.Pages;

/// <summary>
/// Exposure overview: open matches by severity and IoMT segment (an inline SVG chart and the same numbers as a table),
/// by department, known-exploited first, how many patients use the affected devices (where devices carry a patient
/// count), and the health of each advisory source.
/// </summary>
public sealed class OverviewPage(ConsoleData data, ConsoleLayout layout, IServiceProvider services, TimeProvider time)
{
    private static readonly string[] Severities = ["Critical", "High", "Medium", "Low", "Unknown"];

    public async Task<IResult> ShowAsync(ConsoleRequest request)
    {
        var ct = request.Http.RequestAborted;
        var board = await data.BoardAsync(ct);
        var open = board.Where(b => b.IsOpen).ToList();
        var devices = await data.DevicesAsync(ct);
        var exploited = open.Where(b => b.Exploited)
            .OrderBy(b => ConsoleData.SeverityRank(b.Advisory?.Severity)).ThenBy(b => b.Due).ToList();

        var patients = PatientsOf(open);
        var cards = Html.Of($"""
            <ul class="cards" aria-label="At a glance">
              <li><span class="num">{open.Count}</span> open matches</li>
              <li class="{(exploited.Count > 0 ? "alert" : "")}"><span class="num">{exploited.Count}</span> known exploited</li>
              <li class="{(open.Any(b => b.Overdue) ? "alert" : "")}"><span class="num">{open.Count(b => b.Overdue)}</span> overdue</li>
              <li><span class="num">{devices.Count}</span> device models registered</li>
              {(patients.Counted == 0 ? Html.Empty : Html.Of($"<li id=\"patients-card\"><span class=\"num\">{patients.Patients}</span> {(patients.Patients == 1 ? "patient uses" : "patients use")} affected devices</li>"))}
            </ul>
            """);

        var kevTable = Ui.Table(
            "Open matches on known-exploited vulnerabilities, most severe first",
            Html.Of($"<th scope=\"col\">Device</th><th scope=\"col\">Advisory</th><th scope=\"col\">Severity</th><th scope=\"col\">Status</th><th scope=\"col\">Due</th>"),
            exploited.Select(b => Html.Of($"""
                <tr class="{(b.Overdue ? "overdue" : "")}"><td>{Ui.DeviceLink(b.Match.DeviceId)}</td><td>{Ui.AdvisoryLink(b.Match.AdvisoryId, b.Advisory?.Title ?? b.Match.AdvisoryId)}</td>
                <td>{Ui.SeverityBadge(b.Advisory?.Severity)}</td><td>{Ui.StatusBadge(b.Status)}</td><td>{DueText(b)}</td></tr>
                """)),
            "No open match is on a known-exploited vulnerability.");

        var bySegment = Enum.GetValues<CareSegment>().Select(s => (
            Segment: s,
            Counts: Severities.Select(sev => open.Count(b => b.Device?.Segment == s && ConsoleData.SeverityLabel(b.Advisory?.Severity) == sev)).ToArray(),
            Exploited: open.Count(b => b.Device?.Segment == s && b.Exploited),
            Patients: PatientsOf(open.Where(b => b.Device?.Segment == s)))).ToList();

        var segmentTable = Ui.Table(
            "Open matches by IoMT segment and severity",
            Html.Of($"<th scope=\"col\">Segment</th>{Severities.Select(s => Html.Of($"<th scope=\"col\" class=\"n\">{s}</th>"))}<th scope=\"col\" class=\"n\">Known exploited</th><th scope=\"col\" class=\"n\">Total</th><th scope=\"col\">Patients</th>"),
            bySegment.Select(r => Html.Of($"""
                <tr data-segment="{r.Segment.ToName()}"><th scope="row">{ConsoleData.SegmentLabel(r.Segment)}</th>{r.Counts.Select(c => Html.Of($"<td class=\"n\">{c}</td>"))}<td class="n">{r.Exploited}</td><td class="n">{r.Counts.Sum()}</td><td class="patients">{PatientsText(r.Patients)}</td></tr>
                """)),
            "");

        var byDepartment = open.GroupBy(b => string.IsNullOrWhiteSpace(b.Device?.Department) ? "(no department)" : b.Device!.Department, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Department: g.Key, Total: g.Count(), Exploited: g.Count(b => b.Exploited),
                Critical: g.Count(b => ConsoleData.SeverityRank(b.Advisory?.Severity) == 0), High: g.Count(b => ConsoleData.SeverityRank(b.Advisory?.Severity) == 1),
                Overdue: g.Count(b => b.Overdue), Patients: PatientsOf(g)))
            .OrderByDescending(d => d.Exploited).ThenByDescending(d => d.Critical).ThenByDescending(d => d.Total).ToList();
        var departmentTable = Ui.Table(
            "Open matches by department, known exploited first",
            Html.Of($"<th scope=\"col\">Department</th><th scope=\"col\" class=\"n\">Known exploited</th><th scope=\"col\" class=\"n\">Critical</th><th scope=\"col\" class=\"n\">High</th><th scope=\"col\" class=\"n\">Overdue</th><th scope=\"col\" class=\"n\">Open</th><th scope=\"col\">Patients</th>"),
            byDepartment.Select(d => Html.Of($"""
                <tr data-department="{d.Department}"><th scope="row">{d.Department}</th><td class="n">{d.Exploited}</td><td class="n">{d.Critical}</td><td class="n">{d.High}</td><td class="n">{d.Overdue}</td><td class="n">{d.Total}</td><td class="patients">{PatientsText(d.Patients)}</td></tr>
                """)),
            "No open matches.");

        var sources = await SourcesAsync(ct);
        var body = Html.Of($"""
            {cards}
            <section aria-labelledby="kev-h"><h2 id="kev-h">Known exploited — act on these first</h2>{kevTable}</section>
            <section aria-labelledby="seg-h"><h2 id="seg-h">Open matches by IoMT segment</h2>
              {Chart(bySegment.Select(r => (ConsoleData.SegmentLabel(r.Segment), r.Counts)).ToList())}
              {segmentTable}
            </section>
            <section aria-labelledby="dep-h"><h2 id="dep-h">By department</h2>{departmentTable}</section>
            <section aria-labelledby="src-h"><h2 id="src-h">Advisory sources</h2>{sources}
              <p><a href="/operations">Operations</a> has the details and the undelivered notifications.</p></section>
            """);
        return layout.Page(request, "Exposure overview", "/", body);
    }

    /// <summary>
    /// Patients using the devices of these open matches: the sum of the patient counts of the distinct devices that carry
    /// one (a count, never identities), how many devices carry a count, and how many do not. Counts carry no identities,
    /// so a patient who uses two affected models is counted twice: the sum is an upper bound.
    /// </summary>
    private static (long Patients, int Counted, int Uncounted) PatientsOf(IEnumerable<BoardItem> items)
    {
        var affected = items.Select(b => b.Device).OfType<Device>().DistinctBy(d => d.Id, StringComparer.Ordinal).ToList();
        var counted = affected.Where(d => d.PatientCount is not null).ToList();
        return (counted.Sum(d => (long)d.PatientCount!.Value), counted.Count, affected.Count - counted.Count);
    }

    /// <summary>"14 patients use affected devices", with the devices that carry no count; a dash when none carries one.</summary>
    private static string PatientsText((long Patients, int Counted, int Uncounted) p)
    {
        if (p.Counted == 0)
        {
            return "—";
        }

        var text = p.Patients == 1 ? "1 patient uses affected devices" : $"{p.Patients.ToString(CultureInfo.InvariantCulture)} patients use affected devices";
        return p.Uncounted == 0 ? text : $"{text} (no count for {p.Uncounted} more device {(p.Uncounted == 1 ? "model" : "models")})";
    }

    private string DueText(BoardItem item) =>
        item.Overdue
            ? $"Overdue since {ConsoleRequest.Date(item.Due)}"
            : ConsoleRequest.Date(item.Due);

    /// <summary>A stacked horizontal bar per segment, one colour per severity, with a legend; the table below repeats the numbers.</summary>
    private static Html Chart(List<(string Label, int[] Counts)> rows)
    {
        const int labelWidth = 110, barWidth = 420, rowHeight = 34, top = 8;
        var max = Math.Max(1, rows.Max(r => r.Counts.Sum()));
        var height = top + (rows.Count * rowHeight) + 40;
        var bars = new List<Html>();
        for (var i = 0; i < rows.Count; i++)
        {
            var y = top + (i * rowHeight);
            var x = (double)labelWidth;
            var segments = new List<Html>();
            for (var s = 0; s < Severities.Length; s++)
            {
                var count = rows[i].Counts[s];
                if (count == 0)
                {
                    continue;
                }

                var w = barWidth * count / (double)max;
                segments.Add(Html.Of($"<rect class=\"c-{Severities[s].ToLowerInvariant()}\" x=\"{F(x)}\" y=\"{y}\" width=\"{F(w)}\" height=\"22\"><title>{rows[i].Label}: {count} {Severities[s]}</title></rect>"));
                x += w;
            }

            bars.Add(Html.Of($"""
                <text x="0" y="{y + 16}" class="lbl">{rows[i].Label}</text>{segments}<text x="{F(x + 6)}" y="{y + 16}" class="lbl">{rows[i].Counts.Sum()}</text>
                """));
        }

        var legendY = top + (rows.Count * rowHeight) + 14;
        var legend = Severities.Select((s, i) => Html.Of($"""
            <rect class="c-{s.ToLowerInvariant()}" x="{labelWidth + (i * 92)}" y="{legendY}" width="14" height="14"></rect><text x="{labelWidth + (i * 92) + 19}" y="{legendY + 12}" class="lbl">{s}</text>
            """));
        var description = string.Join("; ", rows.Select(r => $"{r.Label} {r.Counts.Sum()}"));
        return Html.Of($"""
            <figure class="chart">
            <svg viewBox="0 0 600 {height}" role="img" aria-labelledby="chart-t chart-d" preserveAspectRatio="xMinYMin meet">
              <title id="chart-t">Open matches per IoMT segment, by severity</title>
              <desc id="chart-d">{description}</desc>
              {bars}{legend}
            </svg>
            </figure>
            """);
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private async Task<Html> SourcesAsync(CancellationToken ct)
    {
        if (services.GetService<ISourceStateStore>() is not { } store)
        {
            return Html.Of($"<p class=\"empty\">Source state is not available in this deployment.</p>");
        }

        var states = await store.ListAsync(ct);
        if (states.Count == 0)
        {
            return Html.Of($"<p class=\"empty\">No source has run yet.</p>");
        }

        var now = time.GetUtcNow();
        return Html.Of($"""
            <ul class="sources">{states.OrderBy(s => s.SourceName, StringComparer.Ordinal).Select(s => Html.Of($"""
                <li>{SourceHealth(s)} <strong>{s.SourceName}</strong> <span class="muted">last success {(s.LastSuccess is { } ok ? Ago(now - ok) : "never")}</span></li>
                """))}</ul>
            """);
    }

    public static Html SourceHealth(SourceState s) =>
        s.LastAttempt is null ? Html.Of($"<span class=\"badge muted\">Never run</span>")
        : s.ConsecutiveFailures > 0 ? Html.Of($"<span class=\"badge bad\">Failing ({s.ConsecutiveFailures} in a row)</span>")
        : Html.Of($"<span class=\"badge good\">Healthy</span>");

    public static string Ago(TimeSpan span) =>
        span.TotalMinutes < 2 ? "just now"
        : span.TotalHours < 2 ? $"{(int)span.TotalMinutes} minutes ago"
        : span.TotalDays < 2 ? $"{(int)span.TotalHours} hours ago"
        : $"{(int)span.TotalDays} days ago";
}
