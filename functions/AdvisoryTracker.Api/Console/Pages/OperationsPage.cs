using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Api.Console.Pages;

/// <summary>Operations: each advisory source's health, and the notifications that could not be delivered, with replay.</summary>
public sealed class OperationsPage(ConsoleLayout layout, IServiceProvider services, TimeProvider time)
{
    private const int MaxDeadLetters = 200;

    public async Task<IResult> ShowAsync(ConsoleRequest request)
    {
        var ct = request.Http.RequestAborted;
        var now = time.GetUtcNow();
        Html sources;
        if (services.GetService<ISourceStateStore>() is { } store)
        {
            var states = await store.ListAsync(ct);
            sources = Ui.Table(
                "Advisory sources",
                Html.Of($"<th scope=\"col\">Source</th><th scope=\"col\">Health</th><th scope=\"col\">Last success</th><th scope=\"col\">Last attempt</th><th scope=\"col\" class=\"n\">Seen</th><th scope=\"col\" class=\"n\">Stored</th><th scope=\"col\" class=\"n\">Rejected</th><th scope=\"col\">Last error</th>"),
                states.OrderBy(s => s.SourceName, StringComparer.Ordinal).Select(s => Html.Of($"""
                    <tr><th scope="row">{s.SourceName}</th><td>{OverviewPage.SourceHealth(s)}</td><td>{(s.LastSuccess is { } ok ? OverviewPage.Ago(now - ok) : "never")}</td>
                    <td>{ConsoleRequest.DateTime(s.LastAttempt)}</td><td class="n">{s.DocumentsSeen}</td><td class="n">{s.DocumentsStored}</td><td class="n">{s.DocumentsRejected}</td>
                    <td class="error-text">{Truncate(s.LastError)}</td></tr>
                    """)),
                "No source has run yet.");
        }
        else
        {
            sources = Html.Of($"<p class=\"empty\">Source state is not available in this deployment.</p>");
        }

        Html deadLetters;
        if (services.GetService<INotificationDeadLetters>() is { } letters)
        {
            var items = await letters.ListAsync(MaxDeadLetters, ct);
            var replayAll = request.IsAdmin && items.Count > 0
                ? Html.Of($"<form method=\"post\" action=\"/operations/replay\">{request.CsrfField}<button type=\"submit\">Replay all {items.Count}</button></form>")
                : Html.Empty;
            deadLetters = Html.Of($"""
                {replayAll}
                {Ui.Table("Undelivered notifications",
                    Html.Of($"<th scope=\"col\">Dead-lettered</th><th scope=\"col\">Advisory</th><th scope=\"col\">Recipient</th><th scope=\"col\">Reason</th><th scope=\"col\" class=\"n\">Attempts</th>{(request.IsAdmin ? Html.Of($"<th scope=\"col\"><span class=\"sr-only\">Action</span></th>") : Html.Empty)}"),
                    items.Select(d => Html.Of($"""
                        <tr><td>{ConsoleRequest.DateTime(d.DeadLetteredAt)}</td><td>{(d.AdvisoryId is null ? Html.Text("—") : Ui.AdvisoryLink(d.AdvisoryId))}</td><td>{d.Recipient ?? "—"}</td>
                        <td>{d.Reason}<br><span class="muted">{Truncate(d.Description)}</span></td><td class="n">{d.DeliveryCount}</td>
                        {(request.IsAdmin ? Html.Of($"<td><form method=\"post\" action=\"/operations/replay\">{request.CsrfField}<input type=\"hidden\" name=\"id\" value=\"{d.Id}\"><button type=\"submit\" class=\"secondary\">Replay</button></form></td>") : Html.Empty)}</tr>
                        """)),
                    "Every notification was delivered: the dead-letter queue is empty.")}
                """);
        }
        else
        {
            deadLetters = Html.Of($"<p class=\"empty\">The dead-letter queue is not available in this deployment.</p>");
        }

        return layout.Page(request, "Operations", "/operations", Html.Of($"""
            <section aria-labelledby="src-h"><h2 id="src-h">Sources</h2>{sources}</section>
            <section aria-labelledby="dl-h"><h2 id="dl-h">Dead letters</h2>{deadLetters}</section>
            """));
    }

    public async Task<IResult> ReplayAsync(ConsoleRequest request)
    {
        if (services.GetService<INotificationDeadLetters>() is not { } letters)
        {
            return layout.Error(request.Http, StatusCodes.Status503ServiceUnavailable, "Not available", "The dead-letter queue is not available in this deployment.");
        }

        var id = request.Field("id");
        if (id is { Length: > 200 })
        {
            return layout.Error(request.Http, StatusCodes.Status400BadRequest, "Not accepted", "That notification id is not valid.");
        }

        var replayed = await letters.ReplayAsync(id, request.Http.RequestAborted);
        return id is not null && replayed == 0
            ? layout.Error(request.Http, StatusCodes.Status404NotFound, "Not found", "That notification is no longer in the dead-letter queue.")
            : Results.Redirect("/operations?done=replayed");
    }

    private static string? Truncate(string? text) => text is { Length: > 300 } ? text[..300] + "…" : text;
}
