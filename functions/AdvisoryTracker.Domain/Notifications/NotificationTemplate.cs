using System.Collections;
using System.Text;
using System.Text.Encodings.Web;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>How a template's placeholders are encoded: the renderer encodes, never the template author.</summary>
public enum TemplateEncoding
{
    /// <summary>HTML bodies: every value is HTML-encoded (safe in text and in quoted attributes).</summary>
    Html,
    /// <summary>Plain-text bodies: values are written as they are.</summary>
    Text,
}

/// <summary>A template that could not be parsed: the reason says where.</summary>
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
/// A tiny placeholder language a hospital can edit safely:
/// <c>{{advisory.title}}</c> writes a value (encoded by the renderer for HTML templates),
/// <c>{{#devices}}...{{/devices}}</c> repeats for each item of a list (or renders once when a value is true or non-empty),
/// <c>{{^fixes}}...{{/fixes}}</c> renders when a list is empty or a value is false or empty.
/// Inside a section, names resolve against the item first, then outwards. Unknown names render as nothing.
/// The model is dictionaries (<c>IReadOnlyDictionary&lt;string, object?&gt;</c>), lists of dictionaries, strings and booleans.
/// </summary>
public sealed class NotificationTemplate
{
    private readonly IReadOnlyList<Node> _nodes;

    private NotificationTemplate(string name, IReadOnlyList<Node> nodes)
    {
        Name = name;
        _nodes = nodes;
    }

    public string Name { get; }

    public static NotificationTemplate Parse(string name, string text)
    {
        var position = 0;
        var nodes = ParseNodes(name, text, ref position, closing: null);
        return new NotificationTemplate(name, nodes);
    }

    public string Render(IReadOnlyDictionary<string, object?> model, TemplateEncoding encoding)
    {
        var output = new StringBuilder();
        var scopes = new List<IReadOnlyDictionary<string, object?>> { model };
        Write(_nodes, scopes, encoding, output);
        return output.ToString();
    }

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ValueNode(string Path) : Node;

    private sealed record SectionNode(string Path, bool Inverted, IReadOnlyList<Node> Children) : Node;

    private static List<Node> ParseNodes(string name, string text, ref int position, string? closing)
    {
        var nodes = new List<Node>();
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                nodes.Add(new TextNode(text[position..]));
                position = text.Length;
                break;
            }

            if (open > position)
            {
                nodes.Add(new TextNode(text[position..open]));
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new NotificationTemplateException($"template '{name}': '{{{{' at line {LineOf(text, open)} is never closed with '}}}}'");
            }

            var tag = text[(open + 2)..close].Trim();
            position = close + 2;
            if (tag.Length == 0)
            {
                throw new NotificationTemplateException($"template '{name}': empty placeholder at line {LineOf(text, open)}");
            }

            switch (tag[0])
            {
                case '#' or '^':
                    var path = tag[1..].Trim();
                    var children = ParseNodes(name, text, ref position, path);
                    nodes.Add(new SectionNode(path, tag[0] == '^', children));
                    break;
                case '/':
                    var closed = tag[1..].Trim();
                    if (!string.Equals(closed, closing, StringComparison.Ordinal))
                    {
                        throw new NotificationTemplateException(
                            $"template '{name}': '{{{{/{closed}}}}}' at line {LineOf(text, open)} closes {(closing is null ? "no open section" : $"'{closing}'")}");
                    }

                    return nodes;
                default:
                    nodes.Add(new ValueNode(tag));
                    break;
            }
        }

        if (closing is not null)
        {
            throw new NotificationTemplateException($"template '{name}': section '{closing}' is never closed");
        }

        return nodes;
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private static void Write(IReadOnlyList<Node> nodes, List<IReadOnlyDictionary<string, object?>> scopes, TemplateEncoding encoding, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode t:
                    output.Append(t.Text);
                    break;
                case ValueNode v:
                    var value = Resolve(v.Path, scopes) switch
                    {
                        null => "",
                        string s => s,
                        bool b => b ? "yes" : "no",
                        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    };
                    output.Append(encoding == TemplateEncoding.Html ? HtmlEncoder.Default.Encode(value) : value);
                    break;
                case SectionNode s:
                    WriteSection(s, scopes, encoding, output);
                    break;
            }
        }
    }

    private static void WriteSection(SectionNode section, List<IReadOnlyDictionary<string, object?>> scopes, TemplateEncoding encoding, StringBuilder output)
    {
        var value = Resolve(section.Path, scopes);
        var items = value switch
        {
            IEnumerable<IReadOnlyDictionary<string, object?>> list => list.ToList(),
            _ => null,
        };
        var truthy = value switch
        {
            null => false,
            bool b => b,
            string s => s.Length > 0,
            _ => items is null || items.Count > 0,
        };
        if (section.Inverted)
        {
            if (!truthy)
            {
                Write(section.Children, scopes, encoding, output);
            }

            return;
        }

        if (!truthy)
        {
            return;
        }

        if (items is null)
        {
            Write(section.Children, scopes, encoding, output);
            return;
        }

        foreach (var item in items)
        {
            scopes.Add(item);
            Write(section.Children, scopes, encoding, output);
            scopes.RemoveAt(scopes.Count - 1);
        }
    }

    private static object? Resolve(string path, List<IReadOnlyDictionary<string, object?>> scopes)
    {
        var parts = path.Split('.');
        for (var i = scopes.Count - 1; i >= 0; i--)
        {
            if (!scopes[i].TryGetValue(parts[0], out var current))
            {
                continue;
            }

            foreach (var part in parts.AsSpan(1))
            {
                current = current is IReadOnlyDictionary<string, object?> map && map.TryGetValue(part, out var next) ? next : null;
            }

            return current;
        }

        return null;
    }
}

/// <summary>Builds template models without ceremony.</summary>
public sealed class TemplateModel : IReadOnlyDictionary<string, object?>
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public object? this[string key]
    {
        get => _values[key];
        set => _values[key] = value;
    }

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<object?> Values => _values.Values;

    public int Count => _values.Count;

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, out object? value) => _values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
