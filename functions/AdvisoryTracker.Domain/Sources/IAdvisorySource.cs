namespace AdvisoryTracker.Domain.Sources;

/// <summary>
/// One place advisories come from (CISA CSAF, a vendor CSAF provider, an FDA feed, a vendor bulletin page, a folder).
/// A sync reads what is new since <see cref="SourceState"/> and hands each document to the <see cref="IAdvisorySink"/>.
/// It moves the state's cursor only past documents that were stored or deliberately rejected, so a crash or an outage
/// never skips one; it throws on a source-wide failure (timeout, 5xx, garbage listing), which the runner records.
/// </summary>
public interface IAdvisorySource
{
    /// <summary>Stable, unique name; the key of the source's state.</summary>
    string Name { get; }

    Task SyncAsync(SourceState state, IAdvisorySink sink, CancellationToken cancellationToken);
}
