using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Domain.Advisories;
using Azure;
using Azure.Storage.Blobs.Models;

namespace AdvisoryTracker.Adapters.Blobs;

/// <summary>
/// Archives each revision's raw document byte for byte at <c>{source}/{advisory id}/{revision}-{sha256}.json</c>.
/// Write-once: the same content again is a no-op, so re-running a sync never rewrites the archive.
/// </summary>
public sealed class BlobAdvisoryArchive(TrackerStorage storage) : IAdvisoryArchive
{
    public async Task ArchiveAsync(string sourceName, Advisory advisory, ReadOnlyMemory<byte> rawDocument, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(TrackerStorage.ArchiveContainer, cancellationToken);
        var blob = container.GetBlobClient(BlobName(sourceName, advisory));
        try
        {
            await blob.UploadAsync(
                BinaryData.FromBytes(rawDocument),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    Metadata = new Dictionary<string, string> { ["revision"] = Safe(advisory.Revision) },
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already archived: same name means same content.
        }
    }

    public static string BlobName(string sourceName, Advisory advisory) =>
        $"{Safe(sourceName)}/{Safe(advisory.Id)}/{Safe(advisory.Revision)}-{advisory.ContentHash}.json";

    private static string Safe(string value)
    {
        var chars = value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var result = new string(chars).Trim('.');
        return result.Length == 0 ? "_" : result[..Math.Min(result.Length, 120)];
    }
}
