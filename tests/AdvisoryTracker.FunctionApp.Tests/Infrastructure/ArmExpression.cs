using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AdvisoryTracker.FunctionApp.Tests.Infrastructure;

/// <summary>
/// Evaluates the small part of the ARM template expression language the app settings use: string literals, numbers,
/// <c>parameters()</c>, <c>variables()</c>, <c>string()</c>, <c>format()</c>, <c>concat()</c> and property access.
/// Anything else is refused with the expression in the message, so a new kind of setting value is noticed here.
/// </summary>
internal sealed class ArmExpression
{
    private readonly string _text;
    private readonly Func<string, JsonNode?> _parameter;
    private readonly Func<string, JsonNode?> _variable;
    private int _position;

    private ArmExpression(string text, Func<string, JsonNode?> parameter, Func<string, JsonNode?> variable)
    {
        _text = text;
        _parameter = parameter;
        _variable = variable;
    }

    /// <summary>The value of a template string: a literal, or an expression in square brackets.</summary>
    public static JsonNode? Evaluate(string value, Func<string, JsonNode?> parameter, Func<string, JsonNode?> variable)
    {
        if (!value.StartsWith('[') || !value.EndsWith(']') || value.StartsWith("[[", StringComparison.Ordinal))
        {
            return JsonValue.Create(value.StartsWith("[[", StringComparison.Ordinal) ? value[1..] : value);
        }

        var expression = new ArmExpression(value[1..^1], parameter, variable);
        var result = expression.Parse();
        expression.SkipSpaces();
        if (expression._position != expression._text.Length)
        {
            throw expression.Error("unexpected text");
        }

        return result;
    }

    /// <summary>A setting value as App Service gives it to the app (ARM writes booleans as True/False).</summary>
    public static string AsSetting(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "True" : "False",
        JsonValue value when value.TryGetValue<long>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };

    private JsonNode? Parse()
    {
        var value = Primary();
        while (true)
        {
            SkipSpaces();
            if (Peek('.'))
            {
                _position++;
                var name = Identifier();
                value = Nested((value as JsonObject)?[name] ?? throw Error($"no property '{name}'"));
            }
            else if (Peek('['))
            {
                _position++;
                var index = Parse();
                Expect(']');
                value = Nested(index is JsonValue number && number.TryGetValue<long>(out var i)
                    ? value!.AsArray()[(int)i]
                    : value!.AsObject()[AsSetting(index)]);
            }
            else
            {
                return value;
            }
        }
    }

    private JsonNode? Primary()
    {
        SkipSpaces();
        if (Peek('\''))
        {
            return JsonValue.Create(StringLiteral());
        }

        if (_position < _text.Length && (char.IsDigit(_text[_position]) || _text[_position] == '-'))
        {
            var start = _position++;
            while (_position < _text.Length && char.IsDigit(_text[_position]))
            {
                _position++;
            }

            return JsonValue.Create(long.Parse(_text[start.._position], CultureInfo.InvariantCulture));
        }

        var function = Identifier();
        Expect('(');
        var arguments = new List<JsonNode?>();
        SkipSpaces();
        if (!Peek(')'))
        {
            do
            {
                arguments.Add(Parse());
                SkipSpaces();
            }
            while (TryConsume(','));
        }

        Expect(')');
        return function switch
        {
            "parameters" => _parameter(AsSetting(arguments.Single())),
            "variables" => _variable(AsSetting(arguments.Single())),
            "string" => JsonValue.Create(AsSetting(arguments.Single())),
            "concat" => JsonValue.Create(string.Concat(arguments.Select(AsSetting))),
            "format" => JsonValue.Create(Format(AsSetting(arguments[0]), arguments.Skip(1).Select(AsSetting).ToArray())),
            "empty" => JsonValue.Create(IsEmpty(arguments.Single())),
            "not" => JsonValue.Create(!AsBool(arguments.Single())),
            "equals" => JsonValue.Create(JsonNode.DeepEquals(arguments[0], arguments[1])),
            "if" => AsBool(arguments[0]) ? arguments[1] : arguments[2],
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ => throw Error($"function '{function}' is not evaluated by this test"),
        };
    }

    /// <summary>A member of a variable object may itself be an expression ("names": { "storage": "[take(...)]" }).</summary>
    private JsonNode? Nested(JsonNode? member) =>
        member is JsonValue value && value.TryGetValue<string>(out var text) ? Evaluate(text, _parameter, _variable) : member;

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject obj => obj.Count == 0,
        JsonArray array => array.Count == 0,
        JsonValue value when value.TryGetValue<string>(out var text) => text.Length == 0,
        _ => false,
    };

    private bool AsBool(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : throw Error("a boolean was expected");

    private static string Format(string format, string[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, format, arguments.Cast<object>().ToArray());

    private string StringLiteral()
    {
        Expect('\'');
        var text = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var c = _text[_position++];
            if (c == '\'')
            {
                if (Peek('\''))
                {
                    _position++;
                    text.Append('\'');
                    continue;
                }

                return text.ToString();
            }

            text.Append(c);
        }
    }

    private string Identifier()
    {
        SkipSpaces();
        var start = _position;
        while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] == '_'))
        {
            _position++;
        }

        return _position > start ? _text[start.._position] : throw Error("identifier expected");
    }

    private void SkipSpaces()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private bool Peek(char c) => _position < _text.Length && _text[_position] == c;

    private bool TryConsume(char c)
    {
        SkipSpaces();
        if (!Peek(c))
        {
            return false;
        }

        _position++;
        return true;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
        {
            throw Error($"'{c}' expected");
        }
    }

    private InvalidOperationException Error(string what) =>
        new($"ARM expression [{_text}] at {_position}: {what}.");
}
