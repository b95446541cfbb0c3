using System.Text.Encodings.Web;
using Fluid;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>How a template's output tags are encoded: the renderer encodes, never the template author.</summary>
public enum TemplateEncoding
{
    /// <summary>HTML bodies: every <c>{{ value }}</c> is HTML-encoded by Fluid's encoder (safe in text and quoted attributes).</summary>
    Html,
    /// <summary>Plain-text bodies and subjects: values are written as they are.</summary>
    Text,
}

/// <summary>A template that could not be parsed or rendered: the message names the template and says where.</summary>
public sealed class NotificationTemplateException : Exception
{
    public NotificationTemplateException()
    {
    }

    public NotificationTemplateException(string message)
        : base(message)
    {
    }

    public NotificationTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// An email template in Liquid (rendered by Fluid), which a hospital can edit: <c>{{ advisory.title }}</c> writes a value
/// (HTML-encoded for HTML templates), <c>{% for d in devices %}…{% endfor %}</c> repeats, <c>{% if fixes.size > 0 %}</c>
/// decides. The model is dictionaries (<see cref="TemplateModel"/>), lists of them, strings, numbers and booleans;
/// unknown names render as nothing. Rendering is bounded (steps, output size) so a broken override cannot run away.
/// </summary>
public sealed class NotificationTemplate
{
    private static readonly FluidParser Parser = new();

    private static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithCultureInfo(System.Globalization.CultureInfo.InvariantCulture)
        .WithMaxSteps(200_000)
        .WithMaxOutputSize(2_000_000)
        .Build();

    private readonly IFluidTemplate _template;

    private NotificationTemplate(string name, IFluidTemplate template)
    {
        Name = name;
        _template = template;
    }

    public string Name { get; }

    public static NotificationTemplate Parse(string name, string text) =>
        Parser.TryParse(text, out var template, out var error)
            ? new NotificationTemplate(name, template)
            : throw new NotificationTemplateException($"template '{name}': {error}");

    public string Render(IReadOnlyDictionary<string, object?> model, TemplateEncoding encoding)
    {
        var context = new TemplateContext(Options);
        foreach (var (key, value) in model)
        {
            if (value is not null)
            {
                context.SetValue(key, value);
            }
        }

        try
        {
            return _template.Render(context, encoding == TemplateEncoding.Html ? HtmlEncoder.Default : NullEncoder.Default);
        }
        catch (InvalidOperationException ex)
        {
            throw new NotificationTemplateException($"template '{Name}': {ex.Message}", ex);
        }
    }
}

/// <summary>Builds template models without ceremony (a dictionary Fluid reads member by member).</summary>
public sealed class TemplateModel : Dictionary<string, object?>
{
    public TemplateModel()
        : base(StringComparer.Ordinal)
    {
    }
}
