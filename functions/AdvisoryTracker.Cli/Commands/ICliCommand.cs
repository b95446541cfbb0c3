namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// One CLI verb (<c>serve</c>, <c>match</c>, <c>ingest</c>, ...). Commands are discovered by reflection, so adding one
/// is adding a class. Exit code 0 on success; errors go to stderr, never stdout.
/// </summary>
internal interface ICliCommand
{
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken);
}
