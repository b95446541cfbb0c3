using AdvisoryTracker.Api.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace AdvisoryTracker.Cli.LocalRunner;

/// <summary>
/// Runs one <see cref="ScheduledJob"/> of the job table (<see cref="ScheduledJobs"/>) on its six-field NCRONTAB schedule (UTC), like a timer trigger: runs never overlap,
/// a run longer than the interval delays the next, a failure is logged and the next occurrence runs as usual, and
/// nothing runs at start-up (no RunOnStartup).
/// </summary>
internal sealed partial class ScheduledJobService(
    ScheduledJob job,
    IServiceProvider services,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<ScheduledJobService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var expression = configuration[job.ScheduleSetting] is { Length: > 0 } configured ? configured : job.DefaultSchedule;
        var schedule = CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        LogScheduled(job.Name, expression, job.ScheduleSetting);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await job.RunAsync(services, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogJobFailed(ex, job.Name);
            }
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Job {Job} scheduled '{Schedule}' (setting {Setting})")]
    private partial void LogScheduled(string job, string schedule, string setting);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Error, Message = "Job {Job} failed; it runs again at its next occurrence")]
    private partial void LogJobFailed(Exception exception, string job);
}
