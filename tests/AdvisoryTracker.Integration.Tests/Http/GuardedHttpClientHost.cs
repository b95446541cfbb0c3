using AdvisoryTracker.Adapters.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Integration.Tests.Http;

/// <summary>The production wiring (<c>services.AddSourceHttpClient()</c>, options bound from configuration) with test settings.</summary>
internal sealed class GuardedHttpClientHost : IDisposable
{
    private readonly ServiceProvider _services;

    public GuardedHttpClientHost(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["SourceHttp:RetryDelay"] = "00:00:00.010",
            ["SourceHttp:MaxRetryAttempts"] = "1",
            ["SourceHttp:AttemptTimeout"] = "00:00:02",
            ["SourceHttp:TotalTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        services.AddSourceHttpClient();
        _services = services.BuildServiceProvider();
    }

    public SourceHttpClient Client => _services.GetRequiredService<SourceHttpClient>();

    public static GuardedHttpClientHost Loopback(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["SourceHttp:AllowLoopback"] = "true" };
        return new GuardedHttpClientHost(values);
    }

    /// <summary>The messages of an exception and its inner exceptions, for asserting the reason a fetch failed.</summary>
    public static string Reasons(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(" | ", messages);
    }

    public void Dispose() => _services.Dispose();
}
