using System.CommandLine;

namespace AdvisoryTracker.Cli.Terminal;

/// <summary>Option helpers shared by the commands, so every command words the same problems the same way.</summary>
internal static class CliOptions
{
    /// <summary>An option taking one value, named <c>--name</c>, with its description and the value's name in help.</summary>
    public static Option<T> Create<T>(string name, string description, string? valueName = null) => new(name)
    {
        Description = description,
        HelpName = valueName,
    };

    /// <summary>Marks <paramref name="option"/> required on <paramref name="command"/>: "--file is required" when it is missing.</summary>
    public static Option<T> Require<T>(this Command command, Option<T> option)
    {
        option.Description = $"{option.Description} (required)";
        command.Validators.Add(result =>
        {
            if (result.GetResult(option) is null)
            {
                result.AddError($"{option.Name} is required");
            }
        });
        return option;
    }

    /// <summary>Adds <paramref name="options"/> to <paramref name="command"/> and returns it.</summary>
    public static Command With(this Command command, params Option[] options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        return command;
    }

    /// <summary>An integer option that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int> InRange(this Option<int> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            // A value that is not a number at all is reported by the parser ("Cannot parse argument ...").
            if (result.Tokens is [var token] && int.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var value) && (value < min || value > max))
            {
                result.AddError($"{option.Name} must be {min} to {max}, not {value}");
            }
        });
        return option;
    }
}
