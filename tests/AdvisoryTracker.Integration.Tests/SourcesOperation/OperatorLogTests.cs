using AdvisoryTracker.Adapters.Logging;
using AdvisoryTracker.Adapters.Sources.Kev;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.Integration.Tests.Sources;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using AdvisoryTracker.TestInfrastructure.Http;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Integration.Tests.SourcesOperation;

/// <summary>Issue 16, point 8: logs an operator can read (framework quiet, each fact once at its level, logs on stderr).</summary>
public sealed class OperatorLogTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    [Fact]
    public async Task LocalRunner_FrameworkCategoriesLogOnlyWarnings_ProductCategoriesInformation()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var factory = runner.Get<ILoggerFactory>();

        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("System.Net.Http.HttpClient.SourceHttpClient.LogicalHandler").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("Polly").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Polly").IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger("AdvisoryTracker.Domain.Ingestion.AdvisoryIngestor").IsEnabled(LogLevel.Information));
        // The local runner's console logs go to stderr.
        Assert.Equal(LogLevel.Trace, runner.Get<IOptions<ConsoleLoggerOptions>>().Value.LogToStandardErrorThreshold);
    }

    [Fact]
    public void CliServices_ConsoleLogsGoToStderr_AndFrameworkIsQuiet()
    {
        using var services = global::AdvisoryTracker.Cli.LocalRunner.ServiceHost.Build(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["LocalRunner:FunctionKey"] = "k",
            // The CLI's services validate every settings section at start, as the hosts do.
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:FromAddress"] = "advisories@example.org",
        }));

        Assert.Equal(LogLevel.Trace, services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.LogToStandardErrorThreshold);
        Assert.False(services.GetRequiredService<ILoggerFactory>().CreateLogger("System.Net.Http.HttpClient.Default.ClientHandler").IsEnabled(LogLevel.Warning - 1));
    }

    [Fact]
    public async Task KevFirstLoad_RealCatalogue_LogsOneSummaryLineAndNoWarnings()
    {
        await using var server = await LoopbackHttpServer.StartAsync(RepositoryPaths.Fixture("kev"));
        await using var harness = new SourceHarness();
        var store = new TableKnownExploitedStore(new TableServiceClient(azurite.ConnectionString), "Kev" + Guid.NewGuid().ToString("N")[..10]);
        var logger = new FakeLogger<KevRefreshSource>();
        var source = new KevRefreshSource(new KevOptions { Enabled = true, Url = server.Url("known_exploited_vulnerabilities.json").ToString() }, harness.Http, store, logger);

        await source.SyncAsync(new Domain.Sources.SourceState { SourceName = source.Name }, new RecordingSink(), CancellationToken.None);

        var records = logger.Collector.GetSnapshot();
        var only = Assert.Single(records);
        Assert.Equal(LogLevel.Information, only.Level);
        Assert.Contains("first load", only.Message, StringComparison.Ordinal);
    }
}
