using AdvisoryTracker.Cli.LocalRunner;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Integration.Tests.Infrastructure;

/// <summary>
/// One local runner (the product's real host) per test, on a free loopback port, against the shared Azurite and
/// MailDev, with table/queue names unique to the test. Scheduled jobs are off: tests run the services themselves.
/// </summary>
public sealed class LocalRunner : IAsyncDisposable
{
    public const string FunctionKey = "test-function-key";
    public const string ActionLinkKey = "test-action-link-key-0123456789abcdef";

    private LocalRunner(WebApplication app, Uri baseAddress, string prefix)
    {
        App = app;
        BaseAddress = baseAddress;
        NamePrefix = prefix;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public string NamePrefix { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static Task<LocalRunner> StartAsync(AzuriteFixture azurite, MailDevFixture mail, IDictionary<string, string?>? settings = null) =>
        StartAsync(azurite.ConnectionString, mail, settings);

    /// <summary>A runner against any storage connection string (e.g. a closed port, for outage tests), optionally capturing its logs.</summary>
    public static async Task<LocalRunner> StartAsync(string storageConnectionString, MailDevFixture mail, IDictionary<string, string?>? settings = null,
        Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["AzureWebJobsStorage:NamePrefix"] = prefix,
            ["Notifications:Transport"] = "StorageQueue",
            ["Notifications:QueueName"] = "notifications",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = mail.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:FromAddress"] = "advisories@example.org",
            ["NotificationDrain:ReceiveWait"] = "00:00:00.500",
            ["LocalRunner:FunctionKey"] = FunctionKey,
            ["Notifications:ActionLinkKey"] = ActionLinkKey,
            ["LocalRunner:Urls"] = "http://127.0.0.1:0",
            ["SourceHttp:AllowLoopback"] = "true",
            ["SourceHttp:RetryDelay"] = "00:00:00.010",
            ["SourceHttp:AttemptTimeout"] = "00:00:02",
            ["SourceHttp:TotalTimeout"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = LocalRunnerHost.Build([], c => c.AddInMemoryCollection(values), runJobs: false,
            logging: logs is null ? null : new Action<Microsoft.Extensions.Logging.ILoggingBuilder>(l => l.AddProvider(logs)));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalRunner(app, new Uri(address.TrimEnd('/') + "/"), prefix);
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? key = FunctionKey)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
