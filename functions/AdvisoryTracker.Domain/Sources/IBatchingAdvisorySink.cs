namespace AdvisoryTracker.Domain.Sources;

/// <summary>A sink that shares work across the documents of one sync run (e.g. one snapshot of the device registry).</summary>
public interface IBatchingAdvisorySink : IAdvisorySink
{
    /// <summary>
    /// Starts a batch: documents stored through the returned sink share its work; disposing it ends the batch (and
    /// finishes whatever the batch deferred). Documents stored through this sink itself are not part of the batch.
    /// </summary>
    IAdvisoryBatch BeginBatch();
}
