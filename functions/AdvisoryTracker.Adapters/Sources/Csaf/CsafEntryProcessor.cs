using System.Globalization;
using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Csaf.Distribution;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Adapters.Sources.Csaf;

/// <summary>Reads one document, hash or signature file (over HTTP or from disk); throws <see cref="SourceFetchException"/>.</summary>
internal interface ICsafResourceReader
{
    Task<byte[]> ReadAsync(Uri url, long maxBytes, CancellationToken cancellationToken);
}

/// <summary>
/// The part every CSAF source shares: takes listed entries newer than the cursor, oldest first, fetches each
/// document with its hash and signature, passes it through the <see cref="CsafDocumentGate"/> and hands it to the
/// sink (or records the rejection). The cursor advances past a timestamp only when every entry up to it was stored,
/// rejected or filtered out; an entry that could not be fetched holds it back, so the next run retries it.
/// </summary>
internal sealed partial class CsafEntryProcessor(CsafDocumentGate gate, ICsafResourceReader reader, long maxDocumentBytes, ILogger logger)
{
    private const long MaxHashBytes = 4 * 1024;
    private const long MaxSignatureBytes = 64 * 1024;
    private static readonly ReadOnlyMemory<byte>? NoSignature = default(ReadOnlyMemory<byte>?);

    /// <summary>Processes the entries; returns the failures (entry and reason). <paramref name="advanceCursor"/> is called as the cursor may move.</summary>
    public async Task<IReadOnlyList<string>> ProcessAsync(
        IEnumerable<CsafDistributionEntry> entries,
        DateTimeOffset? cursor,
        SourceState state,
        IAdvisorySink sink,
        Action<DateTimeOffset> advanceCursor,
        CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var pending = entries
            .Where(e => gate.Policy.WantsId(e.DocumentId))
            .Where(e => e.Updated is null || cursor is null || e.Updated > cursor)
            .GroupBy(e => e.Updated)
            .OrderBy(g => g.Key ?? DateTimeOffset.MinValue);

        var blocked = false;
        foreach (var group in pending)
        {
            var groupFailed = false;
            foreach (var entry in group.DistinctBy(e => e.DocumentUrl.AbsoluteUri))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await ProcessEntryAsync(entry, state, sink, cancellationToken) is { } failure)
                {
                    failures.Add(failure);
                    groupFailed = true;
                }
            }

            blocked |= groupFailed;
            if (!blocked && group.Key is { } updated)
            {
                advanceCursor(updated);
            }
        }

        return failures;
    }

    /// <summary>Null when the entry was stored, rejected or filtered out; otherwise why it must be retried.</summary>
    private async Task<string?> ProcessEntryAsync(CsafDistributionEntry entry, SourceState state, IAdvisorySink sink, CancellationToken cancellationToken)
    {
        var reference = entry.DocumentUrl.ToString();
        state.DocumentsSeen++;
        byte[] document;
        PublishedHash? hash;
        ReadOnlyMemory<byte>? signature;
        try
        {
            document = await reader.ReadAsync(entry.DocumentUrl, maxDocumentBytes, cancellationToken);
            hash = await ReadHashAsync(entry, cancellationToken);
            signature = await ReadSignatureAsync(entry, cancellationToken);
        }
        catch (SourceFetchException ex) when (ex.IsOverSizeLimit)
        {
            await RejectAsync(state, sink, reference, $"document is over the limit of {maxDocumentBytes} bytes", null, cancellationToken);
            return null;
        }
        catch (SourceFetchException ex)
        {
            LogFetchFailed(logger, gate.Policy.SourceName, reference, ex);
            return $"{entry.DocumentId ?? reference}: {ex.Message}";
        }

        var result = gate.Check(document, hash, signature);
        switch (result.Outcome)
        {
            case CsafGateOutcome.Accepted:
                var advisory = result.Advisory!;
                if (entry.DocumentId is { } listedId && !string.Equals(listedId.Trim(), advisory.Id, StringComparison.OrdinalIgnoreCase))
                {
                    LogIdMismatch(logger, gate.Policy.SourceName, listedId, advisory.Id);
                }

                AdvisoryStoreOutcome outcome;
                try
                {
                    // The sink quarantines a document that breaks a limit or cannot be stored (Rejected); what still
                    // escapes is an outage: hold the cursor for this entry and go on with the others.
                    outcome = await sink.StoreAsync(advisory, document, gate.Policy.SourceName, reference, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogStoreFailed(logger, gate.Policy.SourceName, reference, ex);
                    return $"{advisory.Id}: could not be stored ({ex.GetType().Name}); retried next run";
                }

                if (outcome == AdvisoryStoreOutcome.Rejected)
                {
                    state.DocumentsRejected++;
                    return null;
                }

                if (outcome != AdvisoryStoreOutcome.Unchanged)
                {
                    state.DocumentsStored++;
                }

                if (signature is null && gate.Policy.Verifier is { HasKeys: true })
                {
                    LogUnsigned(logger, gate.Policy.SourceName, advisory.Id);
                }

                LogStored(logger, gate.Policy.SourceName, advisory.Id, advisory.Revision, outcome.ToString());
                return null;
            case CsafGateOutcome.Rejected:
                await RejectAsync(state, sink, reference, result.Reason!, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(document)), cancellationToken);
                return null;
            default:
                return null;
        }
    }

    private async Task RejectAsync(SourceState state, IAdvisorySink sink, string reference, string reason, string? contentHash, CancellationToken cancellationToken)
    {
        state.DocumentsRejected++;
        LogRejected(logger, gate.Policy.SourceName, reference, reason);
        await sink.RecordRejectionAsync(gate.Policy.SourceName, reference, reason, contentHash, cancellationToken);
    }

    private async Task<PublishedHash?> ReadHashAsync(CsafDistributionEntry entry, CancellationToken cancellationToken)
    {
        foreach (var url in entry.HashUrls)
        {
            if (CsafHashFile.AlgorithmFromUrl(url.AbsolutePath) is { } algorithm &&
                await ReadOptionalAsync(url, MaxHashBytes, cancellationToken) is { } content)
            {
                return new PublishedHash(algorithm, content);
            }
        }

        return null;
    }

    /// <summary>
    /// The published signature, or null when none is wanted (no keys, not required), none is listed, or its file is
    /// missing (404/410): an unsigned document, which the gate accepts or rejects by the source's policy.
    /// </summary>
    private async Task<ReadOnlyMemory<byte>?> ReadSignatureAsync(CsafDistributionEntry entry, CancellationToken cancellationToken)
    {
        if (entry.SignatureUrl is not { } url || !(gate.Policy.RequireSignatures || gate.Policy.Verifier is { HasKeys: true }))
        {
            return NoSignature;
        }

        // No conditional expression here: in `x is null ? null : new ReadOnlyMemory<byte>(x)` the null literal
        // converts through byte[] to an EMPTY, non-null ReadOnlyMemory, which the gate then checks as a malformed signature.
        var bytes = await ReadOptionalAsync(url, MaxSignatureBytes, cancellationToken);
        if (bytes is null)
        {
            return NoSignature;
        }

        return new ReadOnlyMemory<byte>(bytes);
    }

    private async Task<byte[]?> ReadOptionalAsync(Uri url, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(url, maxBytes, cancellationToken);
        }
        catch (SourceFetchException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    internal static string FormatCursor(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "CSAF source {SourceName}: {Reference} could not be fetched; the cursor waits for it")]
    private static partial void LogFetchFailed(ILogger logger, string sourceName, string reference, Exception exception);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "CSAF source {SourceName}: rejected {Reference}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string sourceName, string reference, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "CSAF source {SourceName}: {AdvisoryId} revision {Revision} {Outcome}")]
    private static partial void LogStored(ILogger logger, string sourceName, string advisoryId, string revision, string outcome);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "CSAF source {SourceName}: {AdvisoryId} has no published signature; accepted because the source does not require one")]
    private static partial void LogUnsigned(ILogger logger, string sourceName, string advisoryId);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "CSAF source {SourceName}: {Reference} could not be stored; the cursor waits for it")]
    private static partial void LogStoreFailed(ILogger logger, string sourceName, string reference, Exception exception);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "CSAF source {SourceName}: listing says {ListedId}, the document says {DocumentId}")]
    private static partial void LogIdMismatch(ILogger logger, string sourceName, string listedId, string documentId);
}
