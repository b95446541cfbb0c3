using AdvisoryTracker.Domain.Paging;

namespace AdvisoryTracker.Domain.Advisories;

public interface IAdvisoryCatalog
{
    Task<ResultPage<AdvisorySummary>> QueryAsync(AdvisoryQuery query, CancellationToken cancellationToken);

    /// <summary>Every revision seen, oldest first.</summary>
    Task<IReadOnlyList<AdvisoryRevisionRecord>> GetRevisionsAsync(string advisoryId, CancellationToken cancellationToken);
}
