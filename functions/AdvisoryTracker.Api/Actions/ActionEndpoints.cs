using System.Text;
using AdvisoryTracker.Api.Http;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Remediation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static AdvisoryTracker.Api.Actions.ActionPage;

namespace AdvisoryTracker.Api.Actions;

/// <summary>
/// The one-click actions from emails, for clinicians without an account: <c>GET /api/act/{id}/{advisoryId}?t=…&amp;do=…</c>
/// shows a confirmation page and never changes anything (mail scanners fetch links); <c>POST</c> with the token performs
/// the action and records it in the remediation history with the recipient as the actor. A malformed, tampered,
/// expired or other-device link gets a clear HTML page (4xx) and changes nothing.
/// </summary>
public sealed partial class ActionEndpoints(
    ActionLinkSigner signer,
    IDeviceRegistry registry,
    IRemediationStore remediation,
    TimeProvider time,
    ILogger<ActionEndpoints> logger)
{
    private const int MaxFormBytes = 4096;

    public async Task<IResult> ShowAsync(HttpRequest request, string? deviceId, string? advisoryId, CancellationToken cancellationToken)
    {
        var token = request.Query["t"].Count == 1 ? request.Query["t"][0] : null;
        EmailActions.TryParse(request.Query["do"].Count == 1 ? request.Query["do"][0] : null, out var chosen);
        var (refusal, context) = await CheckAsync(token, deviceId, advisoryId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var (device, match) = context!.Value;
        var body = new StringBuilder()
            .Append("<p>").Append(Encode(device)).Append(" &middot; advisory ").Append(Encode(advisoryId)).Append("</p>")
            .Append("<p class=\"muted\">Current status: <strong>").Append(Encode(StatusWords(match.Remediation.Status))).Append("</strong>. ")
            .Append("You are recorded as <strong>").Append(Encode(match.Recipient)).Append("</strong>.</p>")
            .Append("<div class=\"box\"><p>Choose what applies to this device. Nothing changes until you press a button.</p>");
        foreach (var action in EmailActions.All.OrderBy(a => a == chosen ? 0 : 1))
        {
            body.Append("<form method=\"post\"><input type=\"hidden\" name=\"t\" value=\"").Append(Encode(token)).Append("\">")
                .Append("<input type=\"hidden\" name=\"do\" value=\"").Append(action.ToName()).Append("\">")
                .Append("<button type=\"submit\"").Append(action == chosen ? " class=\"primary\"" : "").Append('>').Append(Encode(action.Label())).Append("</button>")
                .Append(" <span class=\"muted\">").Append(Encode(action.Meaning())).Append("</span></form>");
        }

        body.Append("</div><p class=\"muted\">This link works only for you, for this device and this advisory, until ")
            .Append(Encode(match.ExpiresAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).Append(".</p>");
        return new ActionPage(StatusCodes.Status200OK, $"Confirm: {chosen.Label()}", body.ToString());
    }

    public async Task<IResult> PerformAsync(HttpRequest request, string? deviceId, string? advisoryId, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || request.ContentLength is null or > MaxFormBytes)
        {
            return Refused(StatusCodes.Status400BadRequest, "This is not a form from the confirmation page",
                "Open the link from your email again and press one of the buttons.");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var token = form["t"].Count == 1 ? form["t"][0] : null;
        if (!EmailActions.TryParse(form["do"].Count == 1 ? form["do"][0] : null, out var action))
        {
            return Refused(StatusCodes.Status400BadRequest, "Unknown action", "Open the link from your email again and press one of the buttons.");
        }

        var (refusal, context) = await CheckAsync(token, deviceId, advisoryId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var (device, match) = context!.Value;
        var current = match.Remediation.Status;
        var target = action.Status();
        if (current == target || (action == EmailAction.Acknowledge && current != RemediationStatus.Open))
        {
            return new ActionPage(StatusCodes.Status200OK, "Already recorded",
                $"<p>{Encode(device)} is already <strong>{Encode(StatusWords(current))}</strong> for advisory {Encode(advisoryId)}. Nothing changed.</p>");
        }

        var note = $"One-click email link: {action.Label()} (advisory revision {match.Revision})";
        var update = RemediationWorkflow.Apply(current, target, match.Recipient, note, time);
        if (update.Entry is null)
        {
            return Refused(StatusCodes.Status409Conflict, "This change is not possible now",
                $"{device} is {StatusWords(current)} for this advisory, and cannot move to {StatusWords(target)} from there. " +
                "Ask your clinical engineering team or use the console if this is wrong.");
        }

        if (!await remediation.SaveRemediationAsync(deviceId!, advisoryId!, update.Entry, match.Remediation.ETag, cancellationToken))
        {
            return Refused(StatusCodes.Status409Conflict, "Someone changed this at the same time",
                "Open the link from your email again to see the current status, then choose again.");
        }

        LogRecorded(logger, action.ToName(), deviceId!, advisoryId!);
        return new ActionPage(StatusCodes.Status200OK, "Thank you: recorded",
            $"<p>{Encode(device)} is now <strong>{Encode(StatusWords(target))}</strong> for advisory {Encode(advisoryId)}.</p>" +
            "<p class=\"muted\">The change is in the device's remediation history with your email address as the person who made it.</p>");
    }

    private async Task<(IResult? Refusal, (string Device, LinkContextView Match)? Context)> CheckAsync(
        string? token, string? deviceId, string? advisoryId, CancellationToken cancellationToken)
    {
        if (ApiInput.DeviceId(deviceId) is not null || ApiInput.AdvisoryId(advisoryId) is not null)
        {
            return (Refused(StatusCodes.Status400BadRequest, "This link is not complete", "Open the link from your email again, or copy all of it into the browser."), null);
        }

        var check = signer.Check(token, deviceId!, advisoryId!);
        switch (check.Verdict)
        {
            case ActionLinkVerdict.NotConfigured:
                return (Refused(StatusCodes.Status404NotFound, "One-click actions are turned off", "Update the status in the console or ask your tracker administrator."), null);
            case ActionLinkVerdict.Malformed:
                return (Refused(StatusCodes.Status400BadRequest, "This link is not complete", "Open the link from your email again, or copy all of it into the browser."), null);
            case ActionLinkVerdict.Tampered:
                LogRefused(logger, "signature", deviceId!, advisoryId!);
                return (Refused(StatusCodes.Status403Forbidden, "This link is not valid",
                    "The link was changed, or it belongs to another device or advisory. Nothing was changed. Use the buttons in the email about this device."), null);
            case ActionLinkVerdict.Expired:
                return (Refused(StatusCodes.Status410Gone, "This link has expired",
                    $"Links in advisory emails work for a limited time; this one expired on {check.ExpiresAt:yyyy-MM-dd}. Nothing was changed. Update the status in the console or ask your clinical engineering team."), null);
        }

        var stored = await registry.GetAsync(deviceId!, cancellationToken);
        if (stored is null || !stored.Device.Recipients.Contains(check.Recipient!, StringComparer.OrdinalIgnoreCase))
        {
            return (Refused(StatusCodes.Status404NotFound, "This device is no longer registered for you",
                "The device was removed from the registry, or you are no longer one of its contacts. Nothing was changed."), null);
        }

        var match = (await remediation.ListForDeviceAsync(deviceId!, cancellationToken))
            .FirstOrDefault(m => string.Equals(m.Match.AdvisoryId, advisoryId, StringComparison.Ordinal));
        if (match is null)
        {
            return (Refused(StatusCodes.Status404NotFound, "This advisory no longer applies to the device",
                "The match was withdrawn (for example the advisory was revised). Nothing was changed."), null);
        }

        var name = EmailWording.DeviceName(stored.Device) + (string.IsNullOrWhiteSpace(stored.Device.Department) ? "" : $" ({stored.Device.Department})");
        return (null, (name, new LinkContextView(check.Recipient!, check.Revision!, check.ExpiresAt!.Value, new RemediationView(match.Remediation.Status, match.ETag))));
    }

    private sealed record LinkContextView(string Recipient, string Revision, DateTimeOffset ExpiresAt, RemediationView Remediation);

    private sealed record RemediationView(RemediationStatus Status, string ETag);

    private static ActionPage Refused(int status, string title, string explanation) =>
        new(status, title, $"<p>{Encode(explanation)}</p>");

    private static string StatusWords(RemediationStatus status) => status switch
    {
        RemediationStatus.Open => "open",
        RemediationStatus.InProgress => "in progress (acknowledged)",
        RemediationStatus.Mitigated => "mitigated",
        RemediationStatus.Patched => "patched",
        RemediationStatus.NotAffected => "not affected / not in use",
        RemediationStatus.RiskAccepted => "risk accepted",
        _ => status.ToName(),
    };

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "One-click action {Action} recorded for device {DeviceId}, advisory {AdvisoryId}")]
    private static partial void LogRecorded(ILogger logger, string action, string deviceId, string advisoryId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "One-click link refused ({Reason}) for device {DeviceId}, advisory {AdvisoryId}")]
    private static partial void LogRefused(ILogger logger, string reason, string deviceId, string advisoryId);
}
