using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain.Notifications;

public sealed class NotificationEmailOptions
{
    public const string SectionName = "App";

    /// <summary>Base URL of the admin API, for the "update remediation status" links (e.g. https://tracker.example.org).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";
}

/// <summary>
/// Turns a notification into an email a clinician can read in 30 seconds: what is affected and why, how severe, what to
/// do now, and where to read more. Every value that came from an advisory is HTML-encoded in the HTML part, and
/// CR/LF are stripped from the subject; recipients come from the registry only.
/// </summary>
public sealed class NotificationEmailComposer(IOptions<NotificationEmailOptions> options)
{
    public const int MaxSubjectLength = 160;
    private readonly HtmlEncoder _html = HtmlEncoder.Default;
    private readonly string _baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');

    public EmailMessage Compose(NotificationMessage message, Advisory advisory, IReadOnlyList<Device> devices)
    {
        var severity = advisory.HighestCvss is { } cvss
            ? $"{cvss.BaseSeverity.ToUpperInvariant()} {cvss.BaseScore.ToString("0.0", CultureInfo.InvariantCulture)}"
            : "severity not scored";
        var vendor = advisory.VendorNames.FirstOrDefault() ?? "";
        var lead = message.Kind == NotificationKind.PatchAvailable ? "Patch available" : "Security advisory";
        var subject = SanitiseHeader($"[{severity}] {lead}: {advisory.Title} ({advisory.Id})");

        var fixes = advisory.Vulnerabilities.SelectMany(v => v.Remediations)
            .Where(r => r.Category == RemediationCategory.VendorFix).DistinctBy(r => r.Details).ToList();
        var mitigations = advisory.Vulnerabilities.SelectMany(v => v.Remediations)
            .Where(r => r.Category is RemediationCategory.Mitigation or RemediationCategory.Workaround).DistinctBy(r => r.Details).ToList();

        var text = new StringBuilder();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        var intro = message.Kind == NotificationKind.PatchAvailable
            ? "A fix is now available for a security advisory that affects devices you look after."
            : "A security advisory affects devices you look after.";
        text.AppendLine(intro).AppendLine();
        html.Append("<p>").Append(_html.Encode(intro)).Append("</p>");

        html.Append("<h2>").Append(_html.Encode(advisory.Title)).Append("</h2>");
        html.Append("<p><strong>Severity:</strong> ").Append(_html.Encode(severity));
        if (!string.IsNullOrEmpty(vendor))
        {
            html.Append(" &middot; <strong>Vendor:</strong> ").Append(_html.Encode(vendor));
        }

        html.Append(" &middot; <strong>Advisory:</strong> ").Append(_html.Encode(advisory.Id)).Append("</p>");
        text.AppendLine(advisory.Title).AppendLine($"Severity: {severity}; vendor: {vendor}; advisory: {advisory.Id}").AppendLine();

        html.Append("<h3>Your affected devices</h3><ul>");
        text.AppendLine("Your affected devices:");
        foreach (var device in devices)
        {
            var version = string.IsNullOrWhiteSpace(device.Version) ? "version unknown" : $"version {device.Version}";
            var link = $"{_baseUrl}/api/devices/{Uri.EscapeDataString(device.Id)}/matches/{Uri.EscapeDataString(advisory.Id)}";
            html.Append("<li>").Append(_html.Encode($"{device.Manufacturer} {device.Model} ({version}), {device.Department}"))
                .Append(" &ndash; <a href=\"").Append(_html.Encode(link)).Append("\">update remediation status</a></li>");
            text.AppendLine($"- {device.Manufacturer} {device.Model} ({version}), {device.Department}: update status at {link}");
        }

        html.Append("</ul><h3>What to do now</h3><ul>");
        text.AppendLine().AppendLine("What to do now:");
        if (fixes.Count == 0)
        {
            html.Append("<li>No fix is available yet: apply the mitigations below.</li>");
            text.AppendLine("- No fix is available yet: apply the mitigations below.");
        }

        foreach (var fix in fixes.Take(5))
        {
            html.Append("<li><strong>Vendor fix:</strong> ").Append(_html.Encode(fix.Details));
            text.Append("- Vendor fix: ").Append(fix.Details);
            if (SafeLink(fix.Url) is { } url)
            {
                html.Append(" (<a href=\"").Append(_html.Encode(url)).Append("\">").Append(_html.Encode(url)).Append("</a>)");
                text.Append(" (").Append(url).Append(')');
            }

            html.Append("</li>");
            text.AppendLine();
        }

        foreach (var mitigation in mitigations.Take(5))
        {
            html.Append("<li><strong>Mitigation:</strong> ").Append(_html.Encode(mitigation.Details)).Append("</li>");
            text.Append("- Mitigation: ").AppendLine(mitigation.Details);
        }

        html.Append("</ul>");
        if (SafeLink(advisory.WebUrl) is { } advisoryUrl)
        {
            html.Append("<p>Read the advisory: <a href=\"").Append(_html.Encode(advisoryUrl)).Append("\">")
                .Append(_html.Encode(advisoryUrl)).Append("</a></p>");
            text.AppendLine().Append("Read the advisory: ").AppendLine(advisoryUrl);
        }

        html.Append("</body></html>");
        return new EmailMessage(message.Recipient, subject, html.ToString(), text.ToString());
    }

    /// <summary>Strips CR, LF and other control characters and caps the length: safe for a mail header.</summary>
    public static string SanitiseHeader(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        var clean = string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return clean.Length <= MaxSubjectLength ? clean : clean[..(MaxSubjectLength - 1)] + "…";
    }

    /// <summary>Only http(s) links from advisories become links; anything else (javascript:, data:, mailto:) is dropped.</summary>
    private static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;
}
