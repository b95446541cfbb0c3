using AdvisoryTracker.Deployment.Tests.Infrastructure;

namespace AdvisoryTracker.Deployment.Tests;

/// <summary>Every .bicep file builds and lints offline with no diagnostic at all: a warning is a failure.</summary>
public sealed class BicepLintTests
{
    [Fact]
    public void Lint_EveryBicepFile_ReportsNoDiagnostic()
    {
        var run = BicepCli.Lint(RepositoryLayout.Root, "bicep/**/*.bicep");

        Assert.True(run.ExitCode == 0 && run.DiagnosticLines.Count == 0, run.Describe());
    }

    [Fact]
    public void Build_EveryBicepFile_CompilesWithoutDiagnostic()
    {
        var outputDirectory = Directory.CreateTempSubdirectory("advisorytracker-bicep-build-").FullName;
        try
        {
            var run = BicepCli.Build(RepositoryLayout.Root, "bicep/**/*.bicep", outputDirectory);

            Assert.True(run.ExitCode == 0 && run.DiagnosticLines.Count == 0, run.Describe());
            var compiled = Directory.GetFiles(outputDirectory, "*.json", SearchOption.AllDirectories)
                .Select(file => Path.GetRelativePath(outputDirectory, file))
                .Order(StringComparer.Ordinal);
            var sources = RepositoryLayout.BicepFiles()
                .Select(file => Path.ChangeExtension(Path.GetRelativePath(RepositoryLayout.BicepDirectory, file), ".json"))
                .Order(StringComparer.Ordinal);
            Assert.Equal(sources, compiled);
        }
        finally
        {
            Directory.Delete(outputDirectory, recursive: true);
        }
    }

    [Fact]
    public void Lint_FileWithUnusedParameter_ReportsWarning()
    {
        // The lint test above is only worth something if the CLI reports warnings the way the test reads them, with
        // this repository's bicepconfig.json. A copy of a real module with one unused parameter added must be caught.
        var directory = Directory.CreateTempSubdirectory("advisorytracker-bicep-lint-").FullName;
        try
        {
            File.Copy(RepositoryLayout.BicepConfig, Path.Combine(directory, "bicepconfig.json"));
            var module = Path.Combine(directory, "monitoring.bicep");
            File.WriteAllText(
                module,
                File.ReadAllText(Path.Combine(RepositoryLayout.BicepDirectory, "modules", "monitoring.bicep")) +
                "\nparam notUsedAnywhere string\n");

            var run = BicepCli.LintFile(module);

            Assert.Contains(run.DiagnosticLines, line => line.Contains("Warning no-unused-params", StringComparison.Ordinal)
                && line.Contains("notUsedAnywhere", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void BicepConfig_DateDependentRules_AreOff()
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(
            File.ReadAllText(RepositoryLayout.BicepConfig),
            documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var rules = config["analyzers"]!["core"]!["rules"]!;

        Assert.Equal("off", (string?)rules["use-recent-api-versions"]?["level"]);
        Assert.Equal("off", (string?)rules["use-recent-module-versions"]?["level"]);
    }

    [Fact]
    public void BicepFiles_UseNoRegistryModules()
    {
        // Registry modules (br:, br/public:, ts:) need a download; the templates use plain resources.
        var offenders = RepositoryLayout.BicepFiles()
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(entry => System.Text.RegularExpressions.Regex.IsMatch(entry.line, @"^\s*module\s+\w+\s+'(br[:/]|ts[:/])"))
            .Select(entry => $"{Path.GetRelativePath(RepositoryLayout.Root, entry.file)}:{entry.index + 1}: {entry.line.Trim()}");

        Assert.Empty(offenders);
    }
}
