using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Api.Jobs;

/// <summary>
/// One piece of scheduled work: <see cref="Name"/> is the Function App's timer function, <see cref="ScheduleSetting"/>
/// the app setting holding its six-field NCRONTAB schedule (UTC), <see cref="DefaultSchedule"/> what the local runner
/// uses when that setting is missing (the value of local.settings.sample.json), and <see cref="RunAsync"/> the call of
/// <see cref="Service"/> both hosts make when it fires.
/// </summary>
public sealed record ScheduledJob(string Name, string ScheduleSetting, string DefaultSchedule, Type Service, Func<IServiceProvider, CancellationToken, Task> RunAsync)
{
    /// <summary>The timer trigger's schedule: <c>%Setting%</c>, read from the app settings by the Functions host.</summary>
    public string TimerSchedule => "%" + ScheduleSetting + "%";

    public static ScheduledJob For<TService>(string name, string scheduleSetting, string defaultSchedule, Func<TService, CancellationToken, Task> run)
        where TService : notnull =>
        new(name, scheduleSetting, defaultSchedule, typeof(TService), (services, cancellationToken) => run(services.GetRequiredService<TService>(), cancellationToken));
}
