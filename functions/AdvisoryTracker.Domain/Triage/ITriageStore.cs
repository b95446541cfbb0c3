namespace AdvisoryTracker.Domain.Triage;

/// <summary>Stored triage decisions.</summary>
public interface ITriageStore
{
    Task<TriageDecision?> GetAsync(string deviceId, string advisoryId, CancellationToken cancellationToken);

    /// <summary>Saves (replaces) the decision for the pair.</summary>
    Task SaveAsync(TriageDecision decision, CancellationToken cancellationToken);

    IAsyncEnumerable<TriageDecision> ListAllAsync(CancellationToken cancellationToken);
}
