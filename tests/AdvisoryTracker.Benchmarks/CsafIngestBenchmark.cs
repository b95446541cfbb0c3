using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AdvisoryTracker.Domain.Csaf;

namespace AdvisoryTracker.Benchmarks;

/// <summary>
/// Reads the whole fixture corpus (116 ICSMA + 42 ICSA CSAF files) from memory through the CSAF reader (parse and
/// normalise into <see cref="Domain.Advisories.Advisory"/>), next to a bare <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// over the same bytes, in one run, and the reader without the schema / mandatory-test validation to show what
/// validation costs. Target: the validating reader reaches at least one third of the bare parse rate.
/// </summary>
internal sealed class CsafIngestBenchmark : IBenchmark
{
    private const int Iterations = 20;

    public string Name => "csaf-ingest";

    public Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "TestData", "fixtures", "csaf");
        var documents = new[] { "icsma", "icsa" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.json"))
            .Select(File.ReadAllBytes)
            .ToArray();
        var totalBytes = documents.Sum(d => (long)d.Length);
        var reader = new CsafReader();
        var unvalidated = new CsafReader(new CsafReaderOptions { SkipValidationForBenchmark = true });

        // Warm-up: JIT and caches, not timed.
        var accepted = documents.Count(d => reader.Read(d).Succeeded);
        _ = documents.Count(d => unvalidated.Read(d).Succeeded);
        foreach (var d in documents)
        {
            using var _ = JsonDocument.Parse(d);
        }

        var bare = Measure(documents, d =>
        {
            using var json = JsonDocument.Parse(d);
            return json.RootElement.ValueKind == JsonValueKind.Object;
        });
        var withoutValidation = Measure(documents, d => unvalidated.Read(d).Succeeded);
        var full = Measure(documents, d => reader.Read(d).Succeeded);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus: {documents.Length} documents, {totalBytes / 1024.0 / 1024.0:0.00} MiB, {accepted} accepted; {Iterations} iterations each"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bare JsonDocument.Parse : {bare.DocumentsPerSecond,10:0} documents/s  {bare.MegabytesPerSecond,7:0.0} MiB/s  {bare.AllocatedPerDocument / 1024.0,8:0.0} KiB allocated/document"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read, no validation     : {withoutValidation.DocumentsPerSecond,10:0} documents/s  {withoutValidation.MegabytesPerSecond,7:0.0} MiB/s  {withoutValidation.AllocatedPerDocument / 1024.0,8:0.0} KiB allocated/document"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CSAF read + validate    : {full.DocumentsPerSecond,10:0} documents/s  {full.MegabytesPerSecond,7:0.0} MiB/s  {full.AllocatedPerDocument / 1024.0,8:0.0} KiB allocated/document"));
        var ratio = full.DocumentsPerSecond / bare.DocumentsPerSecond;
        MeasureSignatures(root, output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio: {ratio:0.00} of the bare parse rate (target >= 0.33): {(ratio >= 1.0 / 3 ? "met" : "NOT met")}"));
        return Task.CompletedTask;
    }

    /// <summary>OpenPGP verification of the real CISA signatures (the step before parsing in a signed sync).</summary>
    private static void MeasureSignatures(string root, TextWriter output)
    {
        var key = File.ReadAllText(Path.Combine(root, "distribution", "openpgp", "144AED0A57BE7D4AE835D9D8CAC5AC4F74164B17.asc"));
        var verifier = Domain.Csaf.Distribution.CsafSignatureVerifier.FromArmoredKeys([key], "benchmark");
        var pairs = Directory.EnumerateFiles(Path.Combine(root, "distribution"), "*.json.asc", SearchOption.AllDirectories)
            .Select(asc => (Signature: File.ReadAllBytes(asc), Document: Path.Combine(root, asc.Contains("icsma", StringComparison.Ordinal) ? "icsma" : "icsa", Path.GetFileName(asc)[..^4])))
            .Where(p => File.Exists(p.Document))
            .Select(p => (p.Signature, Document: File.ReadAllBytes(p.Document)))
            .ToList();
        _ = verifier.Verify(pairs[0].Document, pairs[0].Signature);
        var watch = Stopwatch.StartNew();
        var valid = pairs.Count(p => verifier.Verify(p.Document, p.Signature).IsValid);
        watch.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"OpenPGP verify          : {pairs.Count / watch.Elapsed.TotalSeconds,10:0} signatures/s  ({watch.Elapsed.TotalMilliseconds / pairs.Count:0.0} ms each, {valid}/{pairs.Count} valid)"));
    }

    private static Result Measure(byte[][] documents, Func<byte[], bool> work)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var ok = 0;
        for (var i = 0; i < Iterations; i++)
        {
            foreach (var d in documents)
            {
                ok += work(d) ? 1 : 0;
            }
        }

        watch.Stop();
        var count = (double)documents.Length * Iterations;
        var bytes = documents.Sum(d => (double)d.Length) * Iterations;
        GC.KeepAlive(ok);
        return new Result(
            count / watch.Elapsed.TotalSeconds,
            bytes / 1024 / 1024 / watch.Elapsed.TotalSeconds,
            (GC.GetTotalAllocatedBytes(precise: true) - allocated) / count);
    }

    private sealed record Result(double DocumentsPerSecond, double MegabytesPerSecond, double AllocatedPerDocument);
}
