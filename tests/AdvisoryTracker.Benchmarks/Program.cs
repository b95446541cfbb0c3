using AdvisoryTracker.Benchmarks;

var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t, nonPublic: true)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

var wanted = args.Length == 0 ? "all" : args[0];
var selected = benchmarks.Where(b => wanted == "all" || b.Name == wanted).ToList();
if (selected.Count == 0)
{
    await Console.Error.WriteLineAsync($"unknown benchmark '{wanted}'; known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}

foreach (var benchmark in selected)
{
    Console.WriteLine($"== {benchmark.Name}");
    await benchmark.RunAsync(Console.Out, CancellationToken.None);
}

return 0;
