namespace AdvisoryTracker.Domain.Sources;

/// <summary>The sink of one batch (see <see cref="IBatchingAdvisorySink.BeginBatch"/>).</summary>
public interface IAdvisoryBatch : IAdvisorySink, IAsyncDisposable;
