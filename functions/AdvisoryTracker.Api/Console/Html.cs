using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace AdvisoryTracker.Api.Console;

/// <summary>
/// A piece of HTML that is safe to write as is. Built only by <see cref="Of"/>, whose interpolation handler
/// HTML-encodes every hole that is not itself <see cref="Html"/>: literal markup comes from code, values are encoded.
/// </summary>
public readonly struct Html
{
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly string? _value;

    private Html(string value) => _value = value;

    public static Html Empty { get; } = new("");

    public string Value => _value ?? "";

    public static Html Of([InterpolatedStringHandlerArgument] ref HtmlBuilder builder) => new(builder.ToStringAndClear());

    /// <summary>Encodes plain text.</summary>
    public static Html Text(string? text) => new(Encoder.Encode(text ?? ""));

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p.Value)));

    /// <summary>Markup written in code (never from input): a constant.</summary>
    internal static Html Trusted(string markup) => new(markup);

    public override string ToString() => Value;
}

[InterpolatedStringHandler]
public ref struct HtmlBuilder
{
    private StringBuilder _builder;

    public HtmlBuilder(int literalLength, int formattedCount) => _builder = new StringBuilder(literalLength + (formattedCount * 24));

    public readonly void AppendLiteral(string literal) => _builder.Append(literal);

    public readonly void AppendFormatted(Html html) => _builder.Append(html.Value);

    public readonly void AppendFormatted(IEnumerable<Html> parts)
    {
        foreach (var part in parts)
        {
            _builder.Append(part.Value);
        }
    }

    public readonly void AppendFormatted(string? text) => _builder.Append(Html.Encoder.Encode(text ?? ""));

    public readonly void AppendFormatted<T>(T value)
    {
        switch (value)
        {
            case Html html:
                _builder.Append(html.Value);
                break;
            case IEnumerable<Html> parts:
                AppendFormatted(parts);
                break;
            case IFormattable formattable:
                AppendFormatted(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                AppendFormatted(value?.ToString());
                break;
        }
    }

    public readonly void AppendFormatted<T>(T value, string format) where T : IFormattable =>
        AppendFormatted(value.ToString(format, CultureInfo.InvariantCulture));

    internal string ToStringAndClear()
    {
        var text = _builder.ToString();
        _builder = new StringBuilder();
        return text;
    }
}
