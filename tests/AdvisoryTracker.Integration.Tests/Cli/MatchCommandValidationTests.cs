using System.Text.Json;
using System.Text.Json.Nodes;
using AdvisoryTracker.Cli.Commands;
using AdvisoryTracker.TestInfrastructure;

namespace AdvisoryTracker.Integration.Tests.Cli;

/// <summary>
/// The <c>match</c> CLI, in-process on real files: a document that fails the CSAF schema is named on stderr with the
/// reason and the JSON path, the valid ones are still matched, and stdout stays exactly one JSON array.
/// </summary>
public sealed class MatchCommandValidationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "match-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public MatchCommandValidationTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Match_InvalidDocumentNextToValidOnes_IsNamedOnStderrWithPathAndStdoutIsOneJsonArray()
    {
        var valid = RepositoryPaths.Fixture("csaf", "icsma", "icsma-25-336-01.json");
        File.Copy(valid, Path.Combine(_folder, "a-valid.json"));
        var broken = JsonNode.Parse(await File.ReadAllTextAsync(valid))!;
        broken["product_tree"] = "Mirion Medical";
        var brokenFile = Path.Combine(_folder, "b-product-tree-string.json");
        await File.WriteAllTextAsync(brokenFile, broken.ToJsonString());
        var inventory = Path.Combine(_folder, "devices.csv");
        await File.WriteAllTextAsync(inventory,
            "id,manufacturer,model,version,segment,department,contacts\n" +
            "biodose-1,Mirion Medical,EC2 Software NMIS BioDose,22.1,in-hospital,Nuclear Medicine,m.ito@example.org\n");

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await new MatchCommand().RunAsync(["--inventory", inventory, "--advisories", _folder], stdout, stderr, CancellationToken.None);

        Assert.Equal(0, code);
        var errors = stderr.ToString();
        var line = Assert.Single(errors.Split('\n'), l => l.Contains("b-product-tree-string.json", StringComparison.Ordinal));
        Assert.Contains("skipped invalid", line, StringComparison.Ordinal);
        Assert.Contains("CSAF 2.0 schema", line, StringComparison.Ordinal);
        Assert.Contains("at /product_tree", line, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(stdout.ToString());
        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        var match = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("ICSMA-25-336-01", match.GetProperty("advisoryId").GetString());
        Assert.Equal("biodose-1", match.GetProperty("deviceId").GetString());
    }
}
