using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AdvisoryTracker.Cli.LocalRunner;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Benchmarks;

/// <summary>
/// Requests per second and latency percentiles of <c>POST /api/devices</c> and <c>GET /api/devices/{id}</c> on the
/// real local runner against Azurite, over loopback, with a bounded number of requests and fixed concurrency.
/// </summary>
internal sealed class ApiBenchmark : IBenchmark
{
    private const string Key = "benchmark-function-key";
    private const int Concurrency = 16;
    private const int Registrations = 2_000;
    private const int Reads = 5_000;

    public string Name => "api";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var azurite = AzuriteFixture.Private();
        await azurite.InitializeAsync();
        try
        {
            var app = LocalRunnerHost.Build([], c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["AzureWebJobsStorage:NamePrefix"] = "bench",
                ["Notifications:Transport"] = "StorageQueue",
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = "25",
                ["Smtp:Security"] = "None",
                ["Smtp:FromAddress"] = "advisories@example.org",
                ["LocalRunner:FunctionKey"] = Key,
                ["LocalRunner:Urls"] = "http://127.0.0.1:0",
                ["Logging:LogLevel:Default"] = "Warning",
            }), runJobs: false);
            await app.StartAsync(cancellationToken);
            try
            {
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                using var http = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
                http.DefaultRequestHeaders.Add("x-functions-key", Key);

                // Warm-up: JIT, table creation, connection pools.
                await MeasureAsync(200, i => PostAsync(http, $"warm-{i}", cancellationToken), cancellationToken);

                var post = await MeasureAsync(Registrations, i => PostAsync(http, $"dev-{i:D5}", cancellationToken), cancellationToken);
                Report(output, "POST /api/devices", post);
                var get = await MeasureAsync(Reads, i => GetAsync(http, $"dev-{i % Registrations:D5}", cancellationToken), cancellationToken);
                Report(output, "GET /api/devices/{id}", get);
                output.WriteLine($"(local runner + Azurite in memory on loopback, {Concurrency} concurrent clients, {Environment.ProcessorCount} cores)");
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    private static async Task PostAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/devices", new
        {
            id,
            manufacturer = "Mirion Medical",
            model = "EC2 Software NMIS BioDose",
            version = "22.02",
            segment = "in-hospital",
            department = "Nuclear Medicine",
            contacts = new[] { "nm.lead@example.org" },
        }, cancellationToken);
        Expect(response, HttpStatusCode.Created);
    }

    private static async Task GetAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/devices/{id}", cancellationToken);
        Expect(response, HttpStatusCode.OK);
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}");
        }
    }

    private static async Task<(TimeSpan Elapsed, double[] LatenciesMs)> MeasureAsync(int count, Func<int, Task> call, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await call(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        total.Stop();
        Array.Sort(latencies);
        return (total.Elapsed, latencies);
    }

    private static void Report(TextWriter output, string name, (TimeSpan Elapsed, double[] LatenciesMs) run)
    {
        double Percentile(double p) => run.LatenciesMs[Math.Min(run.LatenciesMs.Length - 1, (int)Math.Ceiling(p * run.LatenciesMs.Length) - 1)];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {run.LatenciesMs.Length} requests in {run.Elapsed.TotalSeconds:F2} s = {run.LatenciesMs.Length / run.Elapsed.TotalSeconds:F0} req/s; " +
            $"p50 {Percentile(0.50):F1} ms, p99 {Percentile(0.99):F1} ms, max {run.LatenciesMs[^1]:F1} ms"));
    }
}
