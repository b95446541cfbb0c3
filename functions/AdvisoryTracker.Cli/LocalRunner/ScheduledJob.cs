namespace AdvisoryTracker.Cli.LocalRunner;

/// <summary>
/// A piece of scheduled work the local runner runs on the same NCRONTAB schedule (from the same app setting) as the
/// Function App's timer trigger that calls the same service.
/// </summary>
internal sealed record ScheduledJob(string Name, string ScheduleSetting, string DefaultSchedule, Func<IServiceProvider, CancellationToken, Task> RunAsync);
