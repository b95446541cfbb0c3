using System.Text.Json.Nodes;
using AdvisoryTracker.Deployment.Tests.Infrastructure;
using AdvisoryTracker.FunctionApp.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.FunctionApp.Tests;

/// <summary>bicep/main.bicep compiled once (Bicep CLI from NuGet, offline) and one Azurite for the sample settings.</summary>
public sealed class FunctionAppFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public IReadOnlyDictionary<string, string> BicepSettings { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> SampleSettings { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Settings(string source) => source switch
    {
        "bicep" => BicepSettings,
        "sample" => SampleSettings,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    public async Task InitializeAsync()
    {
        var azurite = _azurite.InitializeAsync();
        var directory = Directory.CreateTempSubdirectory("advisorytracker-fnapp-bicep-").FullName;
        try
        {
            var output = Path.Combine(directory, "main.json");
            var run = BicepCli.BuildFile(RepositoryLayout.MainBicep, output);
            Assert.True(run.ExitCode == 0, run.Describe());
            BicepSettings = AppSettingsSources.FromCompiledBicep(JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsObject());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        await azurite;
        SampleSettings = AppSettingsSources.FromSettingsSample(_azurite.ConnectionString);
    }

    public Task DisposeAsync() => _azurite.DisposeAsync();
}
