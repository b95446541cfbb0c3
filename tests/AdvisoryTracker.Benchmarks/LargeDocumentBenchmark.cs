using System.Diagnostics;
using System.Text;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Benchmarks;

/// <summary>
/// One generated CSAF document with 5,000 and with 50,000 product leaves (one vendor, 10 versions per product,
/// one vendor_fix remediation listing every product id) matched against 100,000 devices, a fifth of them of that
/// vendor. Matching one advisory must cost O(products + candidate devices): target 50,000 leaves under 5 s and at
/// most 12x the 5,000-leaf time.
/// </summary>
internal sealed class LargeDocumentBenchmark : IBenchmark
{
    private const int DeviceCount = 100_000;
    private const string Vendor = "Generated Medical";

    public string Name => "large-document";

    public Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var devices = GenerateDevices(DeviceCount, products: 5_000);
        var matcher = new AdvisoryMatcher();
        var index = matcher.Index(devices);
        _ = matcher.Match(Generate(200), index); // warm-up (JIT, regexes), not timed

        var times = new Dictionary<int, TimeSpan>();
        foreach (var leaves in new[] { 5_000, 50_000 })
        {
            var advisory = Generate(leaves);
            var watch = Stopwatch.StartNew();
            var matches = matcher.Match(advisory, index);
            times[leaves] = watch.Elapsed;
            output.WriteLine($"{leaves} leaves vs {DeviceCount} devices: {watch.Elapsed.TotalMilliseconds:0} ms, {matches.Count} matches ({matches.Count(m => m.Status.IsFlagged())} flagged)");
        }

        var ratio = times[50_000] / times[5_000];
        output.WriteLine($"ratio 50,000 / 5,000 leaves: {ratio:0.0}x (target <= 12x); 50,000 leaves under 5 s: {(times[50_000].TotalSeconds < 5 ? "met" : "NOT met")}");
        return Task.CompletedTask;
    }

    /// <summary>A CSAF 2.0 document: vendor → product_name "Infusor G{k}" → 10 product_version_range leaves.</summary>
    private static Advisory Generate(int leaves)
    {
        var json = new StringBuilder(leaves * 200);
        json.Append("""{"document":{"category":"csaf_security_advisory","csaf_version":"2.0","title":"Generated Medical infusion pumps","publisher":{"category":"vendor","name":"Generated","namespace":"https://generated.example"},"tracking":{"id":"GEN-1","status":"final","version":"1","initial_release_date":"2025-01-01T00:00:00Z","current_release_date":"2025-01-01T00:00:00Z","revision_history":[{"number":"1","date":"2025-01-01T00:00:00Z","summary":"initial"}]}},"product_tree":{"branches":[{"category":"vendor","name":"Generated Medical","branches":[""");
        var ids = new List<string>(leaves);
        var products = Math.Max(1, leaves / 10);
        for (var p = 0; p < products; p++)
        {
            json.Append(p == 0 ? "" : ",").Append("{\"category\":\"product_name\",\"name\":\"Infusor G").Append(p).Append("\",\"branches\":[");
            for (var v = 0; v < 10; v++)
            {
                var id = $"P{p}-{v}";
                ids.Add(id);
                json.Append(v == 0 ? "" : ",").Append("{\"category\":\"product_version_range\",\"name\":\"vers:generic/<").Append(v + 1).Append(".0\",\"product\":{\"product_id\":\"").Append(id)
                    .Append("\",\"name\":\"Infusor G").Append(p).Append(" <").Append(v + 1).Append(".0\"}}");
            }

            json.Append("]}");
        }

        json.Append("]}]},\"vulnerabilities\":[{\"cve\":\"CVE-2025-0001\",\"product_status\":{\"known_affected\":[");
        json.AppendJoin(',', ids.Select(i => $"\"{i}\""));
        json.Append("]},\"remediations\":[{\"category\":\"vendor_fix\",\"details\":\"Update Infusor pumps to version 11.0 or later.\",\"product_ids\":[");
        json.AppendJoin(',', ids.Select(i => $"\"{i}\""));
        json.Append("]}]}]}");
        var result = new CsafReader(new CsafReaderOptions { MaxDocumentBytes = 64 * 1024 * 1024 }).Read(Encoding.UTF8.GetBytes(json.ToString()));
        return result.Advisory ?? throw new InvalidOperationException(result.RejectionReason);
    }

    private static List<Device> GenerateDevices(int count, int products)
    {
        string[] others = ["Acme Medical", "Nihon Kohden", "Mindray", "Masimo", "Olympus", "Karl Storz"];
        var random = new Random(20_251_203);
        var devices = new List<Device>(count);
        for (var i = 0; i < count; i++)
        {
            var ours = i % 5 == 0;
            devices.Add(new Device
            {
                Id = $"g-{i:D6}",
                Manufacturer = ours ? Vendor : others[random.Next(others.Length)],
                Model = ours ? $"Infusor G{random.Next(products)}" : $"Model {random.Next(100, 999)} Monitor",
                Version = random.Next(4) == 0 ? "" : $"{random.Next(1, 13)}.{random.Next(10)}",
                Contacts = ["biomed@example.org"],
            });
        }

        return devices;
    }
}
