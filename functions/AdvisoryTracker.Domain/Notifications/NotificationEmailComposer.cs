using System.Globalization;
using System.Text;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain.Notifications;

public sealed class NotificationEmailOptions
{
    public const string SectionName = "App";

    /// <summary>Base URL of the app (API and one-click action pages), e.g. https://tracker.example.org.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";
}

/// <summary>
/// Turns notifications into emails a clinician reads in 30 seconds: what is wrong in plain words, their devices, what
/// to do now (following the remediation text), guidance for the devices' care segments, one-click action buttons and a
/// link to the console. The wording lives in Liquid templates (<see cref="NotificationTemplates"/>) rendered by Fluid,
/// which HTML-encodes every value in HTML parts; subjects are stripped of control and invisible format characters and
/// capped; only http(s) links from advisories become links; the recipient comes from the registry, never from advisory text.
/// </summary>
public sealed class NotificationEmailComposer(
    IOptions<NotificationEmailOptions> options,
    NotificationTemplates templates,
    ActionLinkSigner? links = null,
    IOptions<ActionLinkOptions>? linkOptions = null)
{
    public const int MaxSubjectLength = 160;
    private const int MaxListed = 5;
    private readonly string _baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
    private readonly string _consoleUrl = (string.IsNullOrWhiteSpace(linkOptions?.Value.ConsoleBaseUrl) ? options.Value.PublicBaseUrl : linkOptions.Value.ConsoleBaseUrl).TrimEnd('/');

    /// <summary>Renders a notification from the content it was routed with (a message without content cannot be rendered).</summary>
    public EmailMessage Compose(NotificationMessage message)
    {
        var content = message.Content ?? throw new ArgumentException("the message carries no content; route it first", nameof(message));
        var advisory = content.Advisory;
        var kind = EmailWording.KindOf(advisory.Kind, message.Kind);
        var kev = content.KnownExploitedEntries;
        var knownExploited = content.KnownExploited;
        var nowExploited = kind == EmailKind.NowExploited;
        var devices = content.Devices;
        var deviceModels = devices.Select(d => AffectedDeviceModel(d, advisory, message.Recipient)).ToList();
        var model = new TemplateModel
        {
            ["kind"] = kind.ToName(),
            ["lead"] = Lead(kind, advisory),
            ["intro"] = kind switch
            {
                EmailKind.PatchAvailable => "A vendor fix is now available for an advisory that affects devices you look after.",
                EmailKind.NowExploited => "An advisory that affects devices you look after is now exploited in the wild: CISA has added it to its Known Exploited Vulnerabilities catalog." + KevSummary(kev),
                _ => null,
            },
            ["severity"] = advisory.SeverityWord,
            ["severity_detail"] = advisory.SeverityDetail,
            ["severity_color"] = SeverityColor(advisory.SeverityWord),
            ["device_label"] = DevicesLabel(devices),
            ["device_count"] = content.DeviceCount,
            ["more_devices"] = content.OmittedDevices,
            ["devices_phrase"] = content.DeviceCount == 1 ? "1 of your devices" : $"{content.DeviceCount.ToString(CultureInfo.InvariantCulture)} of your devices",
            ["what_is_wrong"] = advisory.WhatIsWrong,
            ["fix"] = new TemplateModel { ["headline"] = advisory.Fix.Headline, ["version"] = advisory.Fix.Version, ["vendor_fix"] = advisory.Fix.HasVendorFix },
            ["show_exploitation"] = advisory.IsAboutVulnerabilities || knownExploited == true || nowExploited,
            ["now_exploited"] = nowExploited,
            ["exploited"] = new TemplateModel
            {
                ["yes"] = knownExploited == true || nowExploited,
                ["no"] = knownExploited == false && !nowExploited,
                ["unknown"] = knownExploited is null && !nowExploited,
            },
            ["kev"] = kev.Select(KevModel).ToList(),
            ["advisory"] = AdvisoryModel(advisory),
            ["devices"] = deviceModels,
            ["has_actions"] = deviceModels.Any(d => d["actions"] is List<TemplateModel> { Count: > 0 }),
            ["has_technical"] = devices.Any(d => !string.IsNullOrWhiteSpace(d.Explanation)),
            ["guidance"] = devices.Select(d => d.Segment).Distinct().Order().Select(templates.Guidance).ToList(),
            ["fixes"] = Remediations(advisory.Fixes),
            ["mitigations"] = Remediations(advisory.Mitigations),
        };
        return Render(message.Recipient, model, NotificationTemplates.NotificationSubject, NotificationTemplates.NotificationHtml, NotificationTemplates.NotificationText);
    }

    /// <summary>Renders a notification straight from an advisory and devices (previews and tests): the same content the router builds.</summary>
    public EmailMessage Compose(
        NotificationMessage message,
        Advisory advisory,
        IReadOnlyList<AffectedDevice> devices,
        bool? knownExploited = null,
        IReadOnlyList<Kev.KnownExploitedInfo>? knownExploitedEntries = null) =>
        Compose(message.WithContent(NotificationContentFactory.Create(advisory, devices, message.Recipient, knownExploited, knownExploitedEntries)));

    public EmailMessage ComposeDigest(string recipient, string day, SeverityLevel threshold, IReadOnlyList<DigestItem> items)
    {
        var model = new TemplateModel
        {
            ["day"] = day,
            ["count"] = items.Count,
            ["threshold"] = threshold.ToString().ToUpperInvariant(),
            ["items"] = items.Select(i =>
            {
                var kind = EmailWording.KindOf(i.Advisory.Kind, i.Kind);
                return new TemplateModel
                {
                    ["title"] = i.Advisory.Title,
                    ["lead"] = Lead(kind, i.Advisory),
                    ["advisory_id"] = i.Advisory.Id,
                    ["revision"] = i.Revision,
                    ["severity"] = i.Advisory.SeverityDetail,
                    ["severity_color"] = SeverityColor(i.Advisory.SeverityWord),
                    ["what_is_wrong"] = i.Advisory.WhatIsWrong,
                    ["url"] = SafeLink(i.Advisory.WebUrl),
                    ["console_url"] = ConsoleAdvisoryUrl(i.Advisory.Id),
                    ["action"] = i.Advisory.Fix.Headline,
                    ["devices"] = i.Devices.Select(d => DeviceModel(d, i.Advisory)).ToList(),
                };
            }).ToList(),
        };
        return Render(recipient, model, NotificationTemplates.DigestSubject, NotificationTemplates.DigestHtml, NotificationTemplates.DigestText);
    }

    public EmailMessage ComposeEscalation(string admin, string department, TimeSpan openFor, IReadOnlyList<EscalationItem> items)
    {
        var model = new TemplateModel
        {
            ["department"] = department.Length == 0 ? "an unnamed department" : department,
            ["count"] = items.Count,
            ["open_for"] = openFor.TotalDays >= 1
                ? $"{openFor.TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} days"
                : $"{openFor.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} hours",
            ["items"] = items.Select(i =>
            {
                var row = DeviceModel(i.Device, i.Advisory);
                row["title"] = i.Advisory.Title;
                row["advisory_id"] = i.Advisory.Id;
                row["severity"] = i.Advisory.SeverityDetail;
                row["url"] = SafeLink(i.Advisory.WebUrl);
                row["console_url"] = ConsoleAdvisoryUrl(i.Advisory.Id);
                row["since"] = i.OpenSince.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
                return row;
            }).ToList(),
        };
        return Render(admin, model, NotificationTemplates.EscalationSubject, NotificationTemplates.EscalationHtml, NotificationTemplates.EscalationText);
    }

    /// <summary>Strips CR, LF, other control characters, bidi overrides, zero-width and tag characters, and caps the length: safe for a mail header.</summary>
    public static string SanitiseHeader(string value) => EmailText.Subject(value, MaxSubjectLength);

    private EmailMessage Render(string recipient, TemplateModel model, string subject, string html, string text)
    {
        // Every value from an advisory or the registry is made single-line and visible-only (EmailText) before any
        // part is rendered; the HTML part is then encoded by the renderer.
        var safe = CleanModel(model);
        return new(
            recipient,
            SanitiseHeader(templates.Get(subject).Render(safe, TemplateEncoding.Text)),
            templates.Get(html).Render(safe, TemplateEncoding.Html),
            templates.Get(text).Render(safe, TemplateEncoding.Text));
    }

    private static TemplateModel CleanModel(IReadOnlyDictionary<string, object?> model)
    {
        var clean = new TemplateModel();
        foreach (var (key, value) in model)
        {
            clean[key] = CleanValue(value);
        }

        return clean;
    }

    private static object? CleanValue(object? value) => value switch
    {
        string text => EmailText.Clean(text),
        IReadOnlyDictionary<string, object?> nested => CleanModel(nested),
        IEnumerable<IReadOnlyDictionary<string, object?>> list => list.Select(item => (IReadOnlyDictionary<string, object?>)CleanModel(item)).ToList(),
        _ => value,
    };

    /// <summary>The console's page for an advisory.</summary>
    public string ConsoleAdvisoryUrl(string advisoryId) => $"{_consoleUrl}/advisories/{Uri.EscapeDataString(advisoryId)}";

    private static string Lead(EmailKind kind, NotifiedAdvisory advisory) => kind switch
    {
        EmailKind.Recall => advisory.RecallClass is { Length: > 0 } recallClass ? $"Recall ({recallClass})" : "Recall",
        EmailKind.SafetyCommunication => "FDA safety communication",
        EmailKind.PatchAvailable => "Patch available",
        EmailKind.NowExploited => "Now exploited in the wild",
        _ => "Security advisory",
    };

    /// <summary>Badge colours with enough contrast on white and in dark mode.</summary>
    private static string SeverityColor(string? severity) => severity switch
    {
        "CRITICAL" => "#8b0000",
        "HIGH" => "#b3261e",
        "MEDIUM" => "#8a5300",
        "LOW" => "#2e6b30",
        _ => "#4a4a4a",
    };

    /// <summary>" Added on 2020-03-03 (CVE-2020-1938)." for the intro; empty when the entries are not known.</summary>
    private static string KevSummary(IReadOnlyList<Kev.KnownExploitedInfo> kev) =>
        kev.Count == 0
            ? ""
            : " Added " + string.Join("; ", kev.Take(MaxListed).Select(k => $"{KevDate(k.DateAdded)} ({k.CveId})")) + ".";

    private static string KevDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "on an unknown date";

    private static TemplateModel KevModel(Kev.KnownExploitedInfo entry) =>
        new()
        {
            ["cve"] = entry.CveId,
            ["date_added"] = KevDate(entry.DateAdded),
            ["required_action"] = string.IsNullOrWhiteSpace(entry.RequiredAction) ? "apply the vendor's updates or mitigations." : entry.RequiredAction,
            ["due_date"] = entry.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["ransomware"] = entry.UsedByRansomware,
        };

    private TemplateModel AdvisoryModel(NotifiedAdvisory advisory) =>
        new()
        {
            ["id"] = advisory.Id,
            ["title"] = advisory.Title,
            ["revision"] = advisory.Revision,
            ["publisher"] = advisory.Publisher,
            ["recall_class"] = advisory.RecallClass,
            ["cves"] = advisory.IsAboutVulnerabilities ? string.Join(", ", advisory.Cves) : null,
            ["url"] = SafeLink(advisory.WebUrl),
            ["console_url"] = ConsoleAdvisoryUrl(advisory.Id),
        };

    private TemplateModel DeviceModel(NotifiedDevice device, NotifiedAdvisory advisory) =>
        new()
        {
            ["id"] = device.Id,
            ["name"] = device.Name,
            ["manufacturer"] = device.Manufacturer,
            ["model"] = device.Model,
            ["version"] = string.IsNullOrWhiteSpace(device.Version) ? "version unknown" : $"version {device.Version}",
            ["department"] = device.Department.Length == 0 ? "no department" : device.Department,
            ["segment"] = device.Segment.ToName(),
            ["patients"] = device.Patients,
            ["console_url"] = ConsoleAdvisoryUrl(advisory.Id),
        };

    private TemplateModel AffectedDeviceModel(NotifiedDevice device, NotifiedAdvisory advisory, string recipient)
    {
        var row = DeviceModel(device, advisory);
        row["verdict"] = device.Status switch
        {
            MatchStatus.Affected => "affected",
            MatchStatus.PossiblyAffected => "possibly affected: check the version",
            _ => "named in the advisory",
        };
        row["why"] = device.Why;
        row["technical"] = string.IsNullOrWhiteSpace(device.Explanation) ? null : device.Explanation;
        var token = links?.Create(recipient, device.Id, advisory.Id, advisory.Revision);
        row["actions"] = token is null
            ? new List<TemplateModel>()
            : EmailActions.All.Select(a => new TemplateModel
            {
                ["label"] = a.Label(),
                ["name"] = a.ToName(),
                ["url"] = $"{_baseUrl}/api/act/{Uri.EscapeDataString(device.Id)}/{Uri.EscapeDataString(advisory.Id)}?do={a.ToName()}&t={Uri.EscapeDataString(token)}",
            }).ToList();
        return row;
    }

    /// <summary>The recipient's matched models for the subject: one name, or "name and N other models".</summary>
    private static string DevicesLabel(IReadOnlyList<NotifiedDevice> devices)
    {
        var names = devices.Select(d => d.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return names.Count switch
        {
            0 => "Your devices",
            1 => names[0],
            2 => $"{names[0]} and 1 other model",
            _ => $"{names[0]} and {names.Count - 1} other models",
        };
    }

    private static List<TemplateModel> Remediations(IReadOnlyList<NotifiedRemediation> remediations) =>
        remediations.Select(r => new TemplateModel { ["details"] = r.Details, ["url"] = SafeLink(r.Url) }).ToList();

    /// <summary>Only http(s) links from advisories become links; anything else (javascript:, data:, mailto:) is dropped.</summary>
    private static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;
}
