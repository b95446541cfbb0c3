using AdvisoryTracker.Cli.Commands;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Cli;

/// <summary>
/// <c>smoke</c> against the local runner (the same HTTP routes as the Function App) over real loopback HTTP, on Azurite:
/// what an operator sees after a deployment before and after the first source sync, and with a wrong key.
/// </summary>
public sealed class SmokeCommandTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    private static readonly Dictionary<string, string?> SampleFolderSource = new()
    {
        ["CsafSources:0:Name"] = "sample-folder",
        ["CsafSources:0:Kind"] = "Folder",
        ["CsafSources:0:Location"] = Path.Combine(RepositoryPaths.Root, "infra", "sample-advisories"),
    };

    [Fact]
    public async Task Smoke_BeforeAndAfterTheFirstSync_FailsThenPassesEveryCheck()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail, SampleFolderSource);
        string[] args = ["--url", runner.BaseAddress.ToString(), "--key", LocalRunner.FunctionKey];

        var (before, beforeOutput) = await RunAsync(args);
        Assert.Equal(1, before);
        Assert.Contains("PASS health", beforeOutput, StringComparison.Ordinal);
        Assert.Contains("FAIL source sync: no source has synced successfully yet", beforeOutput, StringComparison.Ordinal);

        var reports = await runner.Get<SourceSyncRunner>().RunAsync(force: true, onlySource: null, CancellationToken.None);
        Assert.Equal(SourceSyncStatus.Succeeded, Assert.Single(reports).Status);
        var (after, afterOutput) = await RunAsync(args);

        Assert.True(after == 0, afterOutput);
        Assert.Contains("PASS sources (function key)", afterOutput, StringComparison.Ordinal);
        Assert.Contains("PASS source sync", afterOutput, StringComparison.Ordinal);
        Assert.Contains("synced: sample-folder", afterOutput, StringComparison.Ordinal);
        Assert.Contains("PASS notification queue (dead letters)", afterOutput, StringComparison.Ordinal);
        Assert.Contains("smoke: all checks passed", afterOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Smoke_WrongKey_FailsTheKeyedChecksWithTheStatus()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);

        var (exit, output) = await RunAsync(["--url", runner.BaseAddress.ToString(), "--key", "not-the-key"]);

        Assert.Equal(1, exit);
        Assert.Contains("PASS health", output, StringComparison.Ordinal);
        Assert.Contains("FAIL sources (function key): GET api/sources answered 401", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--key", "k")]
    [InlineData("--url", "ftp://example.org", "--key", "k")]
    [InlineData("--url", "https://example.org", "--wait", "soon")]
    public async Task Smoke_BadArguments_ExitTwoWithUsage(params string[] args)
    {
        var (exit, _) = await RunAsync(args);

        Assert.Equal(2, exit);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await new SmokeCommand().RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout + stderr.ToString());
    }
}
