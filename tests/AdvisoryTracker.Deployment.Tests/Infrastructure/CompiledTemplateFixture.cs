using System.Text.Json.Nodes;

namespace AdvisoryTracker.Deployment.Tests.Infrastructure;

/// <summary>bicep/main.bicep compiled once, offline, for all tests that read the ARM JSON.</summary>
public sealed class CompiledTemplateFixture : IDisposable
{
    private readonly string _outputDirectory =
        Directory.CreateTempSubdirectory("advisorytracker-bicep-").FullName;

    public CompiledTemplateFixture()
    {
        var outputFile = Path.Combine(_outputDirectory, "main.json");
        var run = BicepCli.BuildFile(RepositoryLayout.MainBicep, outputFile);
        if (run.ExitCode != 0 || !File.Exists(outputFile))
        {
            throw new InvalidOperationException(run.Describe());
        }

        Text = File.ReadAllText(outputFile);
        Template = JsonNode.Parse(Text)!.AsObject();
        Resources = ArmTemplate.AllResources(Template);
    }

    /// <summary>The compiled template as text (for searches over everything).</summary>
    public string Text { get; }

    public JsonObject Template { get; }

    internal IReadOnlyList<ArmResource> Resources { get; }

    public void Dispose() => Directory.Delete(_outputDirectory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplateCollection : ICollectionFixture<CompiledTemplateFixture>
{
    public const string Name = "Compiled main.bicep";
}
