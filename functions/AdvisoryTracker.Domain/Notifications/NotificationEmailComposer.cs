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

    /// <summary>Base URL of the admin API, for the "update remediation status" links (e.g. https://tracker.example.org).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";
}

/// <summary>A device in a notification, with the plain-words reason it matched.</summary>
public sealed record AffectedDevice(Device Device, MatchStatus? Status, string? Explanation);

/// <summary>One advisory in a daily digest.</summary>
public sealed record DigestItem(Advisory Advisory, NotificationKind Kind, string Revision, IReadOnlyList<Device> Devices);

/// <summary>One overdue critical match in an escalation.</summary>
public sealed record EscalationItem(Advisory Advisory, Device Device, DateTimeOffset OpenSince);

/// <summary>
/// Turns notifications into emails a clinician can read in 30 seconds: what is affected and why, how severe, whether it
/// is exploited, what to do now, and where to read more and update the status. The wording lives in templates
/// (<see cref="NotificationTemplates"/>); the renderer HTML-encodes every value in HTML parts, subjects are stripped of
/// control characters (CR/LF) and capped, only http(s) links from advisories become links, and the recipient always
/// comes from the registry or settings, never from advisory text.
/// </summary>
public sealed class NotificationEmailComposer(IOptions<NotificationEmailOptions> options, NotificationTemplates templates)
{
    public const int MaxSubjectLength = 160;
    private const int MaxListed = 5;
    private readonly string _baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');

    public EmailMessage Compose(
        NotificationMessage message,
        Advisory advisory,
        IReadOnlyList<AffectedDevice> devices,
        bool? knownExploited = null,
        IReadOnlyList<Kev.KnownExploitedInfo>? knownExploitedEntries = null)
    {
        var patch = message.Kind == NotificationKind.PatchAvailable;
        var kev = knownExploitedEntries ?? [];
        var nowExploited = message.Kind == NotificationKind.KnownExploited;
        var model = new TemplateModel
        {
            ["intro"] = message.Kind switch
            {
                NotificationKind.PatchAvailable => "A vendor fix is now available for a security advisory that affects devices you look after.",
                NotificationKind.KnownExploited => "A security advisory that affects devices you look after is now exploited in the wild: CISA has added it to its Known Exploited Vulnerabilities catalog." + KevSummary(kev),
                _ => "A security advisory affects devices you look after.",
            },
            ["lead"] = message.Kind switch
            {
                NotificationKind.PatchAvailable => "Patch available",
                NotificationKind.KnownExploited => "Now exploited in the wild",
                _ => "Security advisory",
            },
            ["nowExploited"] = nowExploited,
            ["kev"] = kev.Select(KevModel).ToList(),
            ["patchAvailable"] = patch,
            ["advisory"] = AdvisoryModel(advisory),
            ["exploited"] = new TemplateModel
            {
                ["yes"] = knownExploited == true || nowExploited,
                ["no"] = knownExploited == false && !nowExploited,
                ["unknown"] = knownExploited is null && !nowExploited,
            },
            ["devices"] = devices.Select(d => DeviceModel(d.Device, advisory, d.Status, d.Explanation)).ToList(),
            ["fixes"] = Remediations(advisory, RemediationCategory.VendorFix),
            ["mitigations"] = Remediations(advisory, RemediationCategory.Mitigation, RemediationCategory.Workaround),
        };
        return Render(message.Recipient, model, NotificationTemplates.NotificationSubject, NotificationTemplates.NotificationHtml, NotificationTemplates.NotificationText);
    }

    public EmailMessage ComposeDigest(string recipient, string day, SeverityLevel threshold, IReadOnlyList<DigestItem> items)
    {
        var model = new TemplateModel
        {
            ["day"] = day,
            ["count"] = items.Count.ToString(CultureInfo.InvariantCulture),
            ["threshold"] = threshold.ToString().ToUpperInvariant(),
            ["items"] = items.Select(i =>
            {
                var advisory = AdvisoryModel(i.Advisory);
                var hasFix = Remediations(i.Advisory, RemediationCategory.VendorFix).Count > 0;
                return (IReadOnlyDictionary<string, object?>)new TemplateModel
                {
                    ["title"] = i.Advisory.Title,
                    ["advisoryId"] = i.Advisory.Id,
                    ["revision"] = i.Revision,
                    ["severity"] = advisory["severity"],
                    ["url"] = advisory["url"],
                    ["patchAvailable"] = i.Kind == NotificationKind.PatchAvailable,
                    ["action"] = hasFix ? "apply the vendor fix (see the advisory)." : "no fix available: apply mitigations (see the advisory).",
                    ["devices"] = i.Devices.Select(d => DeviceModel(d, i.Advisory, null, null)).ToList(),
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
            ["count"] = items.Count.ToString(CultureInfo.InvariantCulture),
            ["openFor"] = openFor.TotalDays >= 1
                ? $"{openFor.TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} days"
                : $"{openFor.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} hours",
            ["items"] = items.Select(i =>
            {
                var row = DeviceModel(i.Device, i.Advisory, null, null);
                var advisory = AdvisoryModel(i.Advisory);
                row["title"] = i.Advisory.Title;
                row["advisoryId"] = i.Advisory.Id;
                row["severity"] = advisory["severity"];
                row["url"] = advisory["url"];
                row["since"] = i.OpenSince.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
                return (IReadOnlyDictionary<string, object?>)row;
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

    /// <summary>" Added on 2020-03-03 (CVE-2020-1938)." for the intro; empty when the entries are not known.</summary>
    private static string KevSummary(IReadOnlyList<Kev.KnownExploitedInfo> kev) =>
        kev.Count == 0
            ? ""
            : " Added " + string.Join("; ", kev.Take(MaxListed).Select(k => $"{KevDate(k.DateAdded)} ({k.CveId})")) + ".";

    private static string KevDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "on an unknown date";

    private static IReadOnlyDictionary<string, object?> KevModel(Kev.KnownExploitedInfo entry) =>
        new TemplateModel
        {
            ["cve"] = entry.CveId,
            ["dateAdded"] = KevDate(entry.DateAdded),
            ["requiredAction"] = string.IsNullOrWhiteSpace(entry.RequiredAction) ? "apply the vendor's updates or mitigations." : entry.RequiredAction,
            ["dueDate"] = entry.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["ransomware"] = entry.UsedByRansomware,
        };

    private static TemplateModel AdvisoryModel(Advisory advisory)
    {
        var severity = SeverityLevels.Describe(advisory);
        return new TemplateModel
        {
            ["id"] = advisory.Id,
            ["title"] = advisory.Title,
            ["revision"] = advisory.Revision,
            ["severity"] = severity,
            ["vendor"] = string.Join(", ", advisory.VendorNames.Take(2)),
            ["product"] = string.Join(", ", advisory.Products.Select(p => p.ProductName.Trim()).Where(p => p.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase).Take(2)),
            ["cves"] = string.Join(", ", advisory.Cves.Take(10)),
            ["url"] = SafeLink(advisory.WebUrl),
        };
    }

    private TemplateModel DeviceModel(Device device, Advisory advisory, MatchStatus? status, string? explanation) =>
        new()
        {
            ["manufacturer"] = device.Manufacturer,
            ["model"] = device.Model,
            ["version"] = string.IsNullOrWhiteSpace(device.Version) ? "version unknown" : $"version {device.Version}",
            ["department"] = device.Department.Length == 0 ? "no department" : device.Department,
            ["verdict"] = status switch
            {
                MatchStatus.Affected => "affected",
                MatchStatus.PossiblyAffected => "possibly affected (check the version)",
                _ => "matched",
            },
            ["why"] = string.IsNullOrWhiteSpace(explanation) ? "the advisory names this manufacturer and product." : explanation,
            ["statusLink"] = $"{_baseUrl}/api/devices/{Uri.EscapeDataString(device.Id)}/matches/{Uri.EscapeDataString(advisory.Id)}",
        };

    private static List<IReadOnlyDictionary<string, object?>> Remediations(Advisory advisory, params RemediationCategory[] categories) =>
        advisory.Vulnerabilities.SelectMany(v => v.Remediations)
            .Where(r => categories.Contains(r.Category))
            .DistinctBy(r => r.Details)
            .Take(MaxListed)
            .Select(r => (IReadOnlyDictionary<string, object?>)new TemplateModel { ["details"] = r.Details, ["url"] = SafeLink(r.Url) })
            .ToList();

    /// <summary>Only http(s) links from advisories become links; anything else (javascript:, data:, mailto:) is dropped.</summary>
    private static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;
}
