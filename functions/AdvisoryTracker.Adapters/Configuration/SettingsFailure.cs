using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Configuration;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Adapters.Configuration;

/// <summary>
/// Turns a start that failed on settings into one line per wrong setting (<c>Smtp__Port: must be from 1 to 65535</c>),
/// for the hosts to print instead of a stack trace: options validation failures (one, or several aggregated by the
/// start-up validator) and values the configuration binder could not convert.
/// </summary>
public static partial class SettingsFailure
{
    /// <summary>The lines, or null when <paramref name="exception"/> is not (only) a settings problem.</summary>
    public static IReadOnlyList<string>? Lines(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var lines = new List<string>();
        // Distinct: an options class read while another is validated (the HTTP client's resilience options read the
        // SourceHttp settings) fails with the same lines twice.
        return Collect(exception, lines) && lines.Count > 0 ? lines.Distinct(StringComparer.Ordinal).ToList() : null;
    }

    private static bool Collect(Exception exception, List<string> lines)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                lines.AddRange(validation.Failures);
                return true;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.All(inner => Collect(inner, lines));
            case InvalidOperationException conversion when ConversionFailure().Match(conversion.Message) is { Success: true } match:
                var value = conversion.InnerException?.Message is { } reason ? $" ({reason.TrimEnd('.')})" : "";
                lines.Add($"{SettingProblems.SettingName(match.Groups["path"].Value, "")}: cannot be read as {Friendly(match.Groups["type"].Value)}{value}");
                return true;
            default:
                return false;
        }
    }

    private static string Friendly(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.TimeSpan" => "a duration (d.hh:mm:ss)",
        "System.Boolean" => "true or false",
        "System.Uri" => "a URL",
        _ when type.EndsWith("]", StringComparison.Ordinal) => type,
        _ => type[(type.LastIndexOf('.') + 1)..],
    };

    // Microsoft.Extensions.Configuration.Binder: "Failed to convert configuration value at 'Smtp:Port' to type 'System.Int32'."
    [GeneratedRegex(@"^Failed to convert configuration value(?: '[^']*')? at '(?<path>[^']+)' to type '(?<type>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex ConversionFailure();
}
