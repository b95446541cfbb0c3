using System.Collections.Concurrent;
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

    private readonly ConcurrentDictionary<string, NotificationTemplate> _parsed = new(StringComparer.Ordinal);
    private readonly string? _folder = string.IsNullOrWhiteSpace(options.Value.TemplateFolder) ? null : options.Value.TemplateFolder;

    public NotificationTemplate Get(string name) => _parsed.GetOrAdd(name, n => NotificationTemplate.Parse(SourceOf(n), Load(n)));

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
