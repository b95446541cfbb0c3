using System.Collections.Concurrent;
using AdvisoryTracker.Domain.Devices;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain.Notifications;

public sealed class NotificationTemplateOptions
{
    public const string SectionName = "Notifications";

    /// <summary>
    /// Optional folder with the hospital's own templates. A file there with the name of a built-in template
    /// (e.g. <c>notification.html</c>) replaces the built-in one; missing files fall back to the built-ins.
    /// </summary>
    public string? TemplateFolder { get; set; }
}

/// <summary>
/// The email templates: the built-in defaults (embedded from <c>Notifications/Templates</c>), each overridable by a file
/// of the same name in <see cref="NotificationTemplateOptions.TemplateFolder"/>. Parsed once; a broken template fails
/// with the file name and line, at first use.
/// </summary>
public sealed class NotificationTemplates(IOptions<NotificationTemplateOptions> options)
{
    public const string NotificationHtml = "notification.html";
    public const string NotificationText = "notification.txt";
    public const string NotificationSubject = "notification-subject.txt";
    public const string DigestHtml = "digest.html";
    public const string DigestText = "digest.txt";
    public const string DigestSubject = "digest-subject.txt";
    public const string EscalationHtml = "escalation.html";
    public const string EscalationText = "escalation.txt";
    public const string EscalationSubject = "escalation-subject.txt";

    public static readonly IReadOnlyList<string> All =
        [NotificationHtml, NotificationText, NotificationSubject, DigestHtml, DigestText, DigestSubject, EscalationHtml, EscalationText, EscalationSubject];

    /// <summary>The segment guidance files (<c>guidance-on-body.txt</c> …): plain text, not Liquid (see <see cref="Guidance"/>).</summary>
    public static readonly IReadOnlyList<string> GuidanceFiles = Enum.GetValues<CareSegment>().Select(GuidanceFile).ToList();

    private readonly ConcurrentDictionary<CareSegment, TemplateModel> _guidance = new();
    private readonly ConcurrentDictionary<string, NotificationTemplate> _parsed = new(StringComparer.Ordinal);
    private readonly string? _folder = string.IsNullOrWhiteSpace(options.Value.TemplateFolder) ? null : options.Value.TemplateFolder;

    public NotificationTemplate Get(string name) => _parsed.GetOrAdd(name, n => NotificationTemplate.Parse(SourceOf(n), Load(n)));

    public static string GuidanceFile(CareSegment segment) => $"guidance-{segment.ToName()}.txt";

    /// <summary>
    /// The guidance for one care segment, from its editable file: <c>title:</c>, <c>source:</c> and <c>source_url:</c> (https only) lines, <c>## </c>
    /// headings, <c>- </c> points; lines starting with <c># </c> are comments. The model has <c>segment</c>, <c>title</c>,
    /// <c>source</c> and <c>sections</c> (each a <c>heading</c> and <c>items</c>).
    /// </summary>
    public TemplateModel Guidance(CareSegment segment) => _guidance.GetOrAdd(segment, s => ParseGuidance(s, Load(GuidanceFile(s))));

    public static TemplateModel ParseGuidance(CareSegment segment, string text)
    {
        var sections = new List<TemplateModel>();
        string? title = null, source = null, sourceUrl = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                sections.Add(new TemplateModel { ["heading"] = line[3..].Trim(), ["items"] = new List<string>() });
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal) && sections.Count > 0)
            {
                ((List<string>)sections[^1]["items"]!).Add(line[2..].Trim());
            }
            else if (line.StartsWith("title:", StringComparison.OrdinalIgnoreCase))
            {
                title = line[6..].Trim();
            }
            else if (line.StartsWith("source_url:", StringComparison.OrdinalIgnoreCase))
            {
                sourceUrl = Uri.TryCreate(line[11..].Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri.AbsoluteUri : null;
            }
            else if (line.StartsWith("source:", StringComparison.OrdinalIgnoreCase))
            {
                source = line[7..].Trim();
            }
        }

        return new TemplateModel
        {
            ["segment"] = segment.ToName(),
            ["title"] = title ?? segment.ToName(),
            ["source"] = source,
            ["source_url"] = sourceUrl,
            ["sections"] = sections,
        };
    }

    /// <summary>Where a template comes from (the override file, or "built-in").</summary>
    public string SourceOf(string name) =>
        _folder is not null && File.Exists(Path.Combine(_folder, name)) ? Path.Combine(_folder, name) : $"built-in {name}";

    /// <summary>The built-in template text (for hospitals to copy and adapt).</summary>
    public static string BuiltIn(string name)
    {
        var assembly = typeof(NotificationTemplates).Assembly;
        using var stream = assembly.GetManifestResourceStream("AdvisoryTracker.Domain.Notifications.Templates." + name)
            ?? throw new ArgumentException($"no built-in template '{name}'", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private string Load(string name)
    {
        if (_folder is not null)
        {
            var path = Path.Combine(_folder, name);
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        return BuiltIn(name);
    }
}
