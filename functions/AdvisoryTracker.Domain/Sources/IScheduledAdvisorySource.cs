namespace AdvisoryTracker.Domain.Sources;

/// <summary>A source with its own schedule: the timer fires often, the source syncs only when this much time has passed since its last attempt.</summary>
public interface IScheduledAdvisorySource : IAdvisorySource
{
    TimeSpan MinimumInterval { get; }
}
