using AdvisoryTracker.Api.Remediation;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Triage;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Console.Pages;

/// <summary>Triage: the possibly-affected queue (known exploited and most severe first); confirm or dismiss with a reason.</summary>
public sealed class TriagePage(ConsoleData data, ConsoleLayout layout, TriageService triage, ITriageStore decisions)
{
    public Task<IResult> ShowAsync(ConsoleRequest request) => RenderAsync(request, null, StatusCodes.Status200OK);

    public async Task<IResult> DecideAsync(ConsoleRequest request)
    {
        var decision = request.Field("decision");
        var deviceId = request.Field("device") ?? "";
        var advisoryId = request.Field("advisory") ?? "";
        if (decision is not ("confirm" or "dismiss"))
        {
            return await RenderAsync(request, (deviceId, advisoryId, "Choose Confirm or Dismiss."), StatusCodes.Status400BadRequest);
        }

        var result = await triage.DecideAsync(deviceId, advisoryId, decision == "confirm", request.Field("reason"), request.User!.Name, request.Http.RequestAborted);
        return result.Succeeded
            ? Results.Redirect(decision == "confirm" ? "/triage?done=confirmed" : "/triage?done=dismissed")
            : await RenderAsync(request, (deviceId, advisoryId, result.Field == "reason" ? $"Reason: {result.Error}" : result.Error!), result.Field == "reason" ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict);
    }

    private async Task<IResult> RenderAsync(ConsoleRequest request, (string Device, string Advisory, string Message)? error, int status)
    {
        // The same queue as GET /api/triage: a decision made on evidence that has not changed since still applies.
        var decided = new Dictionary<(string, string), TriageDecision>();
        await foreach (var d in decisions.ListAllAsync(request.Http.RequestAborted))
        {
            decided[(d.DeviceId, d.AdvisoryId)] = d;
        }

        var queue = (await data.BoardAsync(request.Http.RequestAborted))
            .Where(b => b.Match.Status == MatchStatus.PossiblyAffected
                && !(decided.GetValueOrDefault((b.Match.DeviceId, b.Match.AdvisoryId)) is { } previous && TriageEvidence.StillApplies(previous, b.Match)))
            .OrderByDescending(b => b.Exploited).ThenBy(b => ConsoleData.SeverityRank(b.Advisory?.Severity)).ThenBy(b => b.Match.DeviceId, StringComparer.Ordinal)
            .ToList();
        var intro = Html.Of($"""
            <p>These devices may be affected: the advisory names their manufacturer and product, but the version could not
            decide it (unknown version, or a range the advisory does not state precisely). Check the device and confirm or dismiss;
            your name and reason are kept in the remediation history. Reasons hold no patient data.</p>
            """);
        var items = queue.Select((b, i) =>
        {
            var rowError = error is { } e && e.Device == b.Match.DeviceId && e.Advisory == b.Match.AdvisoryId
                ? Html.Of($"<p class=\"field-error\" role=\"alert\" id=\"te-{i}\">{e.Message}</p>")
                : Html.Empty;
            var form = request.IsAdmin
                ? Html.Of($"""
                    <form method="post" action="/triage" class="triage-form">
                      {request.CsrfField}
                      <input type="hidden" name="device" value="{b.Match.DeviceId}"><input type="hidden" name="advisory" value="{b.Match.AdvisoryId}">
                      <div class="field"><label for="reason-{i}">Reason</label>{rowError}
                        <textarea id="reason-{i}" name="reason" rows="2" maxlength="{TriageService.MaxReasonLength}" placeholder="e.g. firmware checked on the device: 2.3.1"></textarea></div>
                      <div class="buttons"><button type="submit" name="decision" value="confirm">Confirm affected</button>
                      <button type="submit" name="decision" value="dismiss" class="secondary">Dismiss: not affected</button></div>
                    </form>
                    """)
                : Html.Empty;
            return Html.Of($"""
                <li class="card triage-item">
                  <h2 class="h3">{Ui.DeviceLink(b.Match.DeviceId)} <span class="muted">{b.Device?.Manufacturer} {b.Device?.Model} {b.Device?.Version ?? "(version unknown)"}</span></h2>
                  <p>{Ui.SeverityBadge(b.Advisory?.Severity)} {Ui.KevBadge(b.Exploited)} {Ui.AdvisoryLink(b.Match.AdvisoryId, b.Advisory?.Title ?? b.Match.AdvisoryId)} <span class="muted">· {b.Device?.Department}</span></p>
                  {Ui.WhyThisDevice(b.Device, b.Match)}
                  {form}
                </li>
                """);
        }).ToList();
        var list = items.Count == 0
            ? Html.Of($"<p class=\"empty\">Nothing to triage: no match is waiting for a decision.</p>")
            : Html.Of($"<ol class=\"cards-list\" aria-label=\"Possibly affected matches\">{items}</ol>");
        var topError = error is { } te && !queue.Any(b => b.Match.DeviceId == te.Device && b.Match.AdvisoryId == te.Advisory)
            ? Html.Of($"<p class=\"notice error\" role=\"alert\">{te.Message}</p>")
            : Html.Empty;
        return layout.Page(request, $"Triage ({queue.Count})", "/triage", Html.Of($"{topError}{intro}{list}"), status);
    }
}
