using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Remediation;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Console.Pages;

/// <summary>
/// The remediation board: one row per (device, advisory) with its status, due date (from severity and known
/// exploitation), who changed it last and its history; overdue rows stand out; one row or many at once can move.
/// </summary>
public sealed class RemediationPage(ConsoleData data, ConsoleLayout layout, IRemediationStore remediation, TimeProvider time)
{
    public const int MaxBulk = 200;

    public Task<IResult> ShowAsync(ConsoleRequest request) => RenderAsync(request, [], StatusCodes.Status200OK);

    public async Task<IResult> UpdateAsync(ConsoleRequest request)
    {
        var ct = request.Http.RequestAborted;
        var items = request.Form["item"].Select(v => v ?? "").Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var errors = new List<string>();
        if (items.Count == 0)
        {
            errors.Add("Choose at least one row.");
        }
        else if (items.Count > MaxBulk)
        {
            errors.Add($"At most {MaxBulk} rows can be updated at once.");
        }

        if (!RemediationStatusNames.TryParse(request.Field("status"), out var next))
        {
            errors.Add("Choose the new status.");
        }

        if (errors.Count > 0)
        {
            return await RenderAsync(request, errors, StatusCodes.Status400BadRequest);
        }

        var note = request.Field("note");
        foreach (var item in items)
        {
            var cut = item.IndexOf('|', StringComparison.Ordinal);
            var (deviceId, advisoryId) = cut > 0 ? (item[..cut], item[(cut + 1)..]) : ("", "");
            var current = deviceId.Length == 0 ? null : (await remediation.ListForDeviceAsync(deviceId, ct)).FirstOrDefault(m => m.Match.AdvisoryId == advisoryId);
            if (current is null)
            {
                errors.Add($"{deviceId} / {advisoryId}: no such match.");
                continue;
            }

            var update = RemediationWorkflow.Apply(current.Remediation.Status, next, request.User!.Name, note, time);
            if (update.Entry is null)
            {
                errors.Add($"{deviceId} / {advisoryId}: {update.Error}");
            }
            else if (!await remediation.SaveRemediationAsync(deviceId, advisoryId, update.Entry, current.ETag, ct))
            {
                errors.Add($"{deviceId} / {advisoryId}: it changed while you were updating; reload and try again.");
            }
        }

        return errors.Count == 0
            ? Results.Redirect("/remediation?done=updated" + Keep(request))
            : await RenderAsync(request, errors, StatusCodes.Status409Conflict);
    }

    private static string Keep(ConsoleRequest request) =>
        request.Field("return") is { } query && query.StartsWith('&') && query.Length < 500 && !query.Contains('#') ? query : "";

    private async Task<IResult> RenderAsync(ConsoleRequest request, List<string> errors, int status)
    {
        var ct = request.Http.RequestAborted;
        var statusFilter = request.Query("status") ?? request.Field("filterStatus") ?? "active";
        var overdueOnly = request.Query("overdue") == "1";
        var segment = request.Query("segment");
        var q = request.Query("q");
        var all = (await data.BoardAsync(ct)).Where(b => b.Match.Status.IsFlagged()).ToList();
        var rows = all
            .Where(b => statusFilter switch
            {
                "all" => true,
                "active" => !RemediationDuePolicy.IsClosed(b.Status),
                _ => b.Status.ToName() == statusFilter,
            })
            .Where(b => !overdueOnly || b.Overdue)
            .Where(b => segment is null || b.Device?.Segment.ToName() == segment)
            .Where(b => q is null || b.Match.DeviceId.Contains(q, StringComparison.OrdinalIgnoreCase) || b.Match.AdvisoryId.Contains(q, StringComparison.OrdinalIgnoreCase)
                || (b.Device?.Department.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false) || (b.Advisory?.Title.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false))
            .OrderByDescending(b => b.Overdue).ThenByDescending(b => b.Exploited).ThenBy(b => b.Due).ThenBy(b => b.Match.DeviceId, StringComparer.Ordinal)
            .ToList();
        var history = await data.HistoryAsync(rows.Select(r => r.Match.DeviceId), ct);
        var returnQuery = request.Http.Request.QueryString.HasValue ? "&" + request.Http.Request.QueryString.Value!.TrimStart('?') : "";
        returnQuery = string.Join('&', returnQuery.Split('&').Where(p => !p.StartsWith("done=", StringComparison.Ordinal)));

        var errorBlock = errors.Count == 0 ? Html.Empty : Html.Of($"""
            <div class="notice error" role="alert" id="board-errors"><h2>Not everything was updated</h2><ul>{errors.Select(e => Html.Of($"<li>{e}</li>"))}</ul></div>
            """);
        var filters = Html.Of($"""
            <form method="get" action="/remediation" class="filters" role="search" aria-label="Filter the board">
              <div class="field"><label for="q">Search</label><input id="q" name="q" type="search" value="{q ?? ""}" placeholder="device, advisory, department"></div>
              {Ui.Select("status", "Status", [("active", "Not closed"), ("all", "Any"), .. Ui.StatusOptions()], statusFilter)}
              {Ui.Select("segment", "IoMT segment", [("", "Any"), .. CareSegments.ByName.Select(s => (s.Key, ConsoleData.SegmentLabel(s.Value)))], segment)}
              <div class="field check"><input id="overdue" name="overdue" type="checkbox" value="1"{(overdueOnly ? Html.Trusted(" checked") : Html.Empty)}><label for="overdue">Overdue only</label></div>
              <button type="submit">Filter</button>
            </form>
            """);
        var bulk = request.IsAdmin && rows.Count > 0 ? Html.Of($"""
            <form method="post" action="/remediation" id="bulk" class="bulk">
              {request.CsrfField}<input type="hidden" name="return" value="{returnQuery}">
              <fieldset><legend>Update the selected rows</legend>
              {Ui.Select("status", "New status", Ui.StatusOptions(), "in_progress", "bulk-status")}
              <div class="field grow"><label for="bulk-note">Note <span class="muted">(no patient data)</span></label><input id="bulk-note" name="note" maxlength="{RemediationWorkflow.MaxNoteLength}"></div>
              <button type="submit">Update selected</button></fieldset>
            </form>
            """) : Html.Empty;
        var overdueCount = rows.Count(r => r.Overdue);
        var head = Html.Of($"""
            {(request.IsAdmin ? Html.Of($"<th scope=\"col\"><input type=\"checkbox\" id=\"select-all\" aria-label=\"Select all rows\" data-select-all=\"item\"></th>") : Html.Empty)}
            <th scope="col">Device</th><th scope="col">Advisory</th><th scope="col">Status</th><th scope="col">Due</th><th scope="col">Last change</th>{(request.IsAdmin ? Html.Of($"<th scope=\"col\">Change</th>") : Html.Empty)}
            """);
        var table = Ui.Table(
            $"{rows.Count} matches{(overdueCount > 0 ? $", {overdueCount} overdue" : "")}",
            head,
            rows.Select((b, i) => Row(request, b, i, history.GetValueOrDefault((b.Match.DeviceId, b.Match.AdvisoryId)) ?? [], returnQuery)),
            all.Count == 0 ? "No device matches any advisory yet." : "No match fits these filters.",
            "board");
        return layout.Page(request, "Remediation board", "/remediation", Html.Of($"{errorBlock}{filters}{bulk}{table}"), status);
    }

    private static Html Row(ConsoleRequest request, BoardItem b, int i, IReadOnlyList<RemediationHistoryEntry> history, string returnQuery)
    {
        var key = $"{b.Match.DeviceId}|{b.Match.AdvisoryId}";
        var allowed = Enum.GetValues<RemediationStatus>().Where(s => RemediationWorkflow.IsAllowed(b.Status, s)).ToList();
        var due = b.Overdue
            ? Html.Of($"<span class=\"badge overdue-badge\">Overdue</span><br>{ConsoleRequest.Date(b.Due)}")
            : RemediationDuePolicy.IsClosed(b.Status) ? Html.Text("—") : Html.Text(ConsoleRequest.Date(b.Due));
        var historyBlock = history.Count == 0 ? Html.Empty : Html.Of($"""
            <details><summary>History ({history.Count})</summary><ol class="history">{history.Select(h => Html.Of($"<li>{ConsoleRequest.DateTime(h.At)} · {ConsoleData.StatusLabel(h.Status)} · {h.By}{(h.Note is null ? Html.Empty : Html.Of($"<br><span class=\"muted\">{h.Note}</span>"))}</li>"))}</ol></details>
            """);
        var last = b.Tracked.Remediation.By is null ? Html.Text("—") : Html.Of($"{b.Tracked.Remediation.By}<br><span class=\"muted\">{ConsoleRequest.DateTime(b.Tracked.Remediation.At)}</span>");
        var change = request.IsAdmin ? Html.Of($"""
            <td><form method="post" action="/remediation" class="row-form">
              {request.CsrfField}<input type="hidden" name="item" value="{key}"><input type="hidden" name="return" value="{returnQuery}">
              <label class="sr-only" for="st-{i}">New status for {b.Match.DeviceId}, {b.Match.AdvisoryId}</label>
              <select id="st-{i}" name="status">{allowed.Select(s => Ui.Option(s.ToName(), ConsoleData.StatusLabel(s), null))}</select>
              <label class="sr-only" for="nt-{i}">Note (no patient data)</label><input id="nt-{i}" name="note" placeholder="Note (optional)" maxlength="{RemediationWorkflow.MaxNoteLength}">
              <button type="submit" class="secondary">Update</button>
            </form></td>
            """) : Html.Empty;
        var select = request.IsAdmin
            ? Html.Of($"<td class=\"sel\"><input type=\"checkbox\" name=\"item\" value=\"{key}\" form=\"bulk\" id=\"sel-{i}\" aria-label=\"Select {b.Match.DeviceId}, {b.Match.AdvisoryId}\"></td>")
            : Html.Empty;
        return Html.Of($"""
            <tr class="{(b.Overdue ? "overdue" : "")}" data-device="{b.Match.DeviceId}" data-advisory="{b.Match.AdvisoryId}">
            {select}
            <td>{Ui.DeviceLink(b.Match.DeviceId)}<br><span class="muted">{b.Device?.Department} · {(b.Device is null ? "" : ConsoleData.SegmentLabel(b.Device.Segment))}</span></td>
            <td>{Ui.AdvisoryLink(b.Match.AdvisoryId, b.Advisory?.Title ?? b.Match.AdvisoryId)}<br>{Ui.SeverityBadge(b.Advisory?.Severity)} {Ui.KevBadge(b.Exploited)}{(b.Match.Status == MatchStatus.PossiblyAffected ? Html.Of($" <span class=\"badge muted\">Possibly affected</span>") : Html.Empty)}</td>
            <td>{Ui.StatusBadge(b.Status)}</td>
            <td class="due">{due}</td>
            <td>{last}{historyBlock}</td>
            {change}
            </tr>
            """);
    }
}
