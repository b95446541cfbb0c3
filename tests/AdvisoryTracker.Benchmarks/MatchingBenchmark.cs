using System.Diagnostics;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Benchmarks;

/// <summary>
/// 100,000 generated devices spread over the real vendors and products of the fixture corpus (plus unrelated
/// devices), matched against every fixture advisory with the indexed matcher, next to the all-pairs matcher
/// (same rules, no index) on a sample scaled up. Target: under 2 s and at least 50x faster than all pairs.
/// </summary>
internal sealed class MatchingBenchmark : IBenchmark
{
    private const int DeviceCount = 100_000;
    private const int NaiveSample = 2_000;

    public string Name => "matching";

    public Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var advisories = LoadAdvisories();
        var devices = GenerateDevices(advisories, DeviceCount);
        var matcher = new AdvisoryMatcher();

        // Warm-up (JIT, catalogue load, regex construction) on a small inventory, not timed.
        var warmIndex = matcher.Index(devices.Take(1_000).ToList());
        foreach (var advisory in advisories)
        {
            _ = matcher.Match(advisory, warmIndex);
        }

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var index = matcher.Index(devices);
        var indexTime = watch.Elapsed;
        var matches = 0;
        foreach (var advisory in advisories)
        {
            matches += matcher.Match(advisory, index).Count;
        }

        var indexed = watch.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        // All pairs on a sample, scaled linearly to the full device count (the naive cost is linear in devices).
        var sample = devices.Take(NaiveSample).ToList();
        watch.Restart();
        var naiveMatches = 0;
        foreach (var advisory in advisories)
        {
            naiveMatches += matcher.MatchAllPairs(advisory, sample).Count;
        }

        var naiveSample = watch.Elapsed;
        var naiveEstimate = naiveSample * ((double)DeviceCount / NaiveSample);
        using var process = Process.GetCurrentProcess();

        output.WriteLine($"advisories: {advisories.Count}, devices: {devices.Count}");
        output.WriteLine($"indexed matcher: {indexed.TotalMilliseconds:0} ms (index build {indexTime.TotalMilliseconds:0} ms), {matches} matched pairs");
        output.WriteLine($"all-pairs matcher: {naiveSample.TotalMilliseconds:0} ms for {NaiveSample} devices ({naiveMatches} pairs) → estimated {naiveEstimate.TotalMilliseconds:0} ms for {DeviceCount}");
        output.WriteLine($"speed-up: {naiveEstimate / indexed:0.0}x (target >= 50x), target time < 2000 ms: {(indexed.TotalMilliseconds < 2000 ? "met" : "NOT met")}");
        output.WriteLine($"allocated by the indexed run: {allocated / (1024.0 * 1024):0.0} MiB; peak working set: {process.PeakWorkingSet64 / (1024.0 * 1024):0.0} MiB");
        return Task.CompletedTask;
    }

    private static List<Advisory> LoadAdvisories()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "TestData", "fixtures", "csaf");
        var reader = new CsafReader();
        return [.. new[] { "icsma", "icsa" }
            .SelectMany(f => Directory.EnumerateFiles(Path.Combine(root, f), "*.json"))
            .Order(StringComparer.Ordinal)
            .Select(f => reader.Read(File.ReadAllBytes(f)).Advisory)
            .OfType<Advisory>()];
    }

    /// <summary>Devices typed from the advisories' own vendor and product names with varied versions, plus unrelated devices.</summary>
    private static List<Device> GenerateDevices(IReadOnlyList<Advisory> advisories, int count)
    {
        var products = advisories.SelectMany(a => a.Products)
            .Where(p => p.Vendor.Trim().Length > 0)
            .Select(p => (Vendor: p.Vendor.Trim(), Model: p.ProductName))
            .Distinct()
            .ToList();
        string[] versions = ["", "1.0", "2.3.6", "4.10", "9.19", "12.1.0", "R4.1L1", "2024-06-14", "3.0.11.5_BN10", "C.01"];
        string[] unrelatedVendors = ["Acme Medical", "Nihon Kohden", "Mindray", "Masimo", "Olympus", "Karl Storz"];
        var random = new Random(20_240_601);
        var devices = new List<Device>(count);
        for (var i = 0; i < count; i++)
        {
            var related = random.NextDouble() < 0.7;
            var (vendor, model) = related
                ? products[random.Next(products.Count)]
                : (unrelatedVendors[random.Next(unrelatedVendors.Length)], $"Model {random.Next(100, 999)} Monitor");
            devices.Add(new Device
            {
                Id = $"b-{i:D6}",
                Manufacturer = vendor,
                Model = model,
                Version = versions[random.Next(versions.Length)],
                Contacts = ["biomed@example.org"],
            });
        }

        return devices;
    }
}
