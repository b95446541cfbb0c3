namespace AdvisoryTracker.Benchmarks;

/// <summary>
/// One benchmark: prints its figures (and the baseline it is compared with) to stdout. Discovered by reflection;
/// run with <c>dotnet run -c Release --project tests/AdvisoryTracker.Benchmarks -- &lt;name&gt;|all</c>.
/// </summary>
internal interface IBenchmark
{
    string Name { get; }

    Task RunAsync(TextWriter output, CancellationToken cancellationToken);
}
