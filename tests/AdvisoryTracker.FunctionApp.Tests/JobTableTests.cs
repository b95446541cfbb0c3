using System.Reflection;
using AdvisoryTracker.Api.Jobs;
using AdvisoryTracker.FunctionApp.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace AdvisoryTracker.FunctionApp.Tests;

/// <summary>
/// The Function App's timer triggers and the local runner's schedule come from one job table
/// (<see cref="ScheduledJobs.All"/>): read back from the compiled Functions assembly, every timer function is a job of
/// the table with the same name, the same <c>%Setting%</c> schedule and the same service, and no job lacks a timer.
/// </summary>
public sealed class JobTableTests
{
    /// <summary>Every [Function] method with a [TimerTrigger] parameter, read from the Functions assembly.</summary>
    private static readonly IReadOnlyList<(string Function, string Schedule, MethodInfo Method)> Timers = FunctionCatalogue.FunctionClasses
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        .Select(method => (Function: method.GetCustomAttribute<FunctionAttribute>()?.Name, Method: method,
            Trigger: method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).OfType<TimerTriggerAttribute>().SingleOrDefault()))
        .Where(entry => entry.Function is not null && entry.Trigger is not null)
        .Select(entry => (entry.Function!, entry.Trigger!.Schedule, entry.Method))
        .ToArray();

    [Fact]
    public void TimerFunctions_AreExactlyTheJobsOfTheTable()
    {
        Assert.NotEmpty(Timers);
        Assert.Equal(
            ScheduledJobs.All.Select(job => job.Name).Order(StringComparer.Ordinal),
            Timers.Select(timer => timer.Function).Order(StringComparer.Ordinal));
        Assert.Equal(ScheduledJobs.All.Count, ScheduledJobs.All.Select(job => job.ScheduleSetting).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EveryTimerFunction_HasItsJobsScheduleSettingAndCallsItsJobsService()
    {
        var jobs = ScheduledJobs.All.ToDictionary(job => job.Name, StringComparer.Ordinal);
        Assert.All(Timers, timer =>
        {
            Assert.True(jobs.TryGetValue(timer.Function, out var job), $"timer function {timer.Function} is not in the job table");
            // The host resolves "%Setting%" from the app settings: the same setting the local runner reads.
            Assert.Equal(job.TimerSchedule, timer.Schedule);
            Assert.Equal($"%{job.ScheduleSetting}%", timer.Schedule);
            // The trigger class is given the job's service (the trigger is a one-line call of it).
            var injected = timer.Method.DeclaringType!.GetConstructors().Single().GetParameters().Select(p => p.ParameterType);
            Assert.Contains(job.Service, injected);
        });
    }

    [Fact]
    public void JobDefaults_AreTheSampleSettingsSchedules_AndValidSixFieldNcrontab()
    {
        // The local runner falls back to the default when the setting is missing: the same value local.settings.sample.json gives.
        var sample = AppSettingsSources.FromSettingsSample("UseDevelopmentStorage=true");
        Assert.All(ScheduledJobs.All, job =>
        {
            Assert.Equal(sample[job.ScheduleSetting], job.DefaultSchedule);
            Assert.NotNull(CrontabSchedule.TryParse(job.DefaultSchedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }));
        });
    }

    [Fact]
    public void DriftCheck_WouldNoticeARenamedSetting()
    {
        // The comparison above is only worth something if a timer with another setting differs from its job.
        var job = ScheduledJobs.All[0];
        Assert.NotEqual(job.TimerSchedule, (job with { ScheduleSetting = job.ScheduleSetting + "X" }).TimerSchedule);
        Assert.Contains(Timers, timer => timer.Function == job.Name && timer.Schedule == job.TimerSchedule);
    }
}
