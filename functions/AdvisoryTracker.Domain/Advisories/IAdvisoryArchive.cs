namespace AdvisoryTracker.Domain.Advisories;

/// <summary>Keeps each revision's raw document, byte for byte.</summary>
public interface IAdvisoryArchive
{
    Task ArchiveAsync(string sourceName, Advisory advisory, ReadOnlyMemory<byte> rawDocument, CancellationToken cancellationToken);
}
