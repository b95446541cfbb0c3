using System.Reflection;

namespace AdvisoryTracker.Deployment.Tests.Infrastructure;

/// <summary>Paths of the repository and of the Bicep CLI, as recorded by the project file at build time.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = ReadMetadata("RepositoryRoot");

    public static string BicepDirectory { get; } = Path.Combine(Root, "bicep");

    public static string MainBicep { get; } = Path.Combine(BicepDirectory, "main.bicep");

    public static string MainParameters { get; } = Path.Combine(BicepDirectory, "main.parameters.json");

    public static string BicepConfig { get; } = Path.Combine(BicepDirectory, "bicepconfig.json");

    public static string SettingsSample { get; } = Path.Combine(Root, "local.settings.sample.json");

    public static string AzureYaml { get; } = Path.Combine(Root, "azure.yaml");

    public static string DeployDoc { get; } = Path.Combine(Root, "docs", "deploy-to-azure.md");

    /// <summary>The Bicep CLI inside the NuGet package Azure.Bicep.CommandLine.linux-x64 (tools/bicep).</summary>
    public static string BicepExecutable { get; } = Path.Combine(ReadMetadata("BicepCliDirectory"), "tools", "bicep");

    public static IReadOnlyList<string> BicepFiles() =>
        Directory.GetFiles(BicepDirectory, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    private static string ReadMetadata(string key)
    {
        var value = typeof(RepositoryLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == key)?.Value;
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"Assembly metadata '{key}' is empty: check AdvisoryTracker.Deployment.Tests.csproj (for the Bicep CLI, the " +
                "GeneratePathProperty property PkgAzure_Bicep_CommandLine_linux-x64 in obj/*.nuget.g.props).");
        }

        return value;
    }
}
