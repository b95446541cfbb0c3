using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace AdvisoryTracker.Cli.LocalRunner;

/// <summary>
/// Reads settings the way the Functions host does: the <c>Values</c> of a <c>local.settings.json</c>
/// (with <c>__</c> as the section separator), overridden by environment variables.
/// </summary>
internal static class FunctionsStyleConfiguration
{
    public const string FileName = "local.settings.json";

    /// <summary>The first local.settings.json found: the current folder, then the Function App's folder.</summary>
    public static string? FindSettingsFile()
    {
        string[] candidates =
        [
            Path.Combine(Environment.CurrentDirectory, FileName),
            Path.Combine(Environment.CurrentDirectory, "functions", "AdvisoryTracker.Functions", FileName),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    public static IConfigurationBuilder AddFunctionsSettings(this IConfigurationBuilder builder, string? settingsFile)
    {
        if (settingsFile is not null)
        {
            builder.AddInMemoryCollection(ReadValues(settingsFile));
        }

        builder.AddEnvironmentVariables();
        return builder;
    }

    internal static Dictionary<string, string?> ReadValues(string settingsFile)
    {
        using var stream = File.OpenRead(settingsFile);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in section.EnumerateObject())
            {
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : property.Value.GetRawText();
            }
        }

        return values;
    }
}
