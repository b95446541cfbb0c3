using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.RemediationTracking;

namespace AdvisoryTracker.Domain.Storage;

/// <summary>The current revision of an advisory as stored, with where it came from.</summary>
public sealed record StoredAdvisory(Advisory Advisory, string SourceName, DateTimeOffset StoredAt);

/// <summary>The advisories known to this organisation (current revision each).</summary>
public interface IAdvisoryStore
{
    Task<StoredAdvisory?> GetAsync(string advisoryId, CancellationToken cancellationToken);

    /// <summary>Upserts the current revision and records it in the revision history.</summary>
    Task SaveAsync(Advisory advisory, string sourceName, CancellationToken cancellationToken);

    /// <summary>Why this store could not hold the advisory (e.g. over its entity size), checked before anything is written; null when it fits.</summary>
    string? StorageProblem(Advisory advisory) => null;

    IAsyncEnumerable<StoredAdvisory> ListAllAsync(CancellationToken cancellationToken);
}

/// <summary>Keeps each revision's raw document, byte for byte.</summary>
public interface IAdvisoryArchive
{
    Task ArchiveAsync(string sourceName, Advisory advisory, ReadOnlyMemory<byte> rawDocument, CancellationToken cancellationToken);
}

/// <summary>A registered device with its concurrency token.</summary>
public sealed record StoredDevice(Device Device, string ETag, DateTimeOffset? UpdatedAt);

/// <summary>The device registry.</summary>
public interface IDeviceRegistry
{
    Task<StoredDevice?> GetAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>Adds a new device; returns null when a device with that id already exists.</summary>
    Task<StoredDevice?> AddAsync(Device device, CancellationToken cancellationToken);

    IAsyncEnumerable<Device> ListAllAsync(CancellationToken cancellationToken);
}

/// <summary>A match as stored for one (device, advisory), with what decides whether a later revision is news.</summary>
public sealed record StoredMatch(
    string DeviceId,
    string AdvisoryId,
    string Revision,
    MatchStatus Status,
    double Confidence,
    string Explanation,
    string Fingerprint,
    bool HasVendorFix);

/// <summary>Matches, indexed per device and per advisory, written together with their outbox rows.</summary>
public interface IMatchStore
{
    /// <summary>The advisory's matches, by device id.</summary>
    Task<IReadOnlyDictionary<string, StoredMatch>> GetForAdvisoryAsync(string advisoryId, CancellationToken cancellationToken);

    /// <summary>The device's matches, by advisory id.</summary>
    Task<IReadOnlyDictionary<string, StoredMatch>> GetForDeviceAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a device's match and the notifications it needs in one transaction (same partition), so a match is never
    /// stored without its outbox rows or the other way round.
    /// </summary>
    Task SaveAsync(StoredMatch match, IReadOnlyList<OutboxEntry> outbox, CancellationToken cancellationToken);
}

/// <summary>One page of a listing and the opaque position of the next one (null when this is the last page).</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);

/// <summary>
/// Device listing filters. Manufacturer and department match case-insensitively and exactly (on stored lower-case
/// columns); all filters run in the table query.
/// </summary>
public sealed record DeviceQuery(string? Manufacturer, CareSegment? Segment, string? Department, int PageSize, string? ContinuationToken);

public enum DeviceWriteOutcome
{
    Done,
    NotFound,
    PreconditionFailed,
}

public sealed record DeviceWriteResult(DeviceWriteOutcome Outcome, StoredDevice? Device);

/// <summary>The device registry's listing, conditional writes and batch import.</summary>
public interface IDeviceRegistryAdmin
{
    Task<ResultPage<StoredDevice>> QueryAsync(DeviceQuery query, CancellationToken cancellationToken);

    /// <summary>Replaces a device only when its current ETag is <paramref name="ifMatch"/>.</summary>
    Task<DeviceWriteResult> ReplaceAsync(Device device, string ifMatch, CancellationToken cancellationToken);

    /// <summary>Deletes a device only when its current ETag is <paramref name="ifMatch"/>.</summary>
    Task<DeviceWriteOutcome> DeleteAsync(string deviceId, string ifMatch, CancellationToken cancellationToken);

    /// <summary>Adds or replaces up to 100 devices in one atomic transaction: all are stored or none (throws).</summary>
    Task UpsertBatchAsync(IReadOnlyList<Device> devices, CancellationToken cancellationToken);
}

/// <summary>Advisory listing filters: since (current release date, inclusive), vendor (case-insensitive substring), severity, exploited.</summary>
public sealed record AdvisoryQuery(DateTimeOffset? Since, string? Vendor, string? Severity, bool? Exploited, int PageSize, string? ContinuationToken);

/// <summary>An advisory's listing columns (no product tree).</summary>
public sealed record AdvisorySummary(
    string Id,
    string Title,
    string Kind,
    string Publisher,
    string Revision,
    DateTimeOffset? CurrentReleaseDate,
    string? Severity,
    double? MaxCvss,
    IReadOnlyList<string> Vendors,
    IReadOnlyList<string> Cves,
    bool Exploited,
    string SourceName);

/// <summary>One revision of an advisory as it was stored.</summary>
public sealed record AdvisoryRevisionRecord(string Revision, string ContentHash, DateTimeOffset? CurrentReleaseDate, string SourceName, DateTimeOffset? StoredAt);

public interface IAdvisoryCatalog
{
    Task<ResultPage<AdvisorySummary>> QueryAsync(AdvisoryQuery query, CancellationToken cancellationToken);

    /// <summary>Every revision seen, oldest first.</summary>
    Task<IReadOnlyList<AdvisoryRevisionRecord>> GetRevisionsAsync(string advisoryId, CancellationToken cancellationToken);
}

/// <summary>Where the organisation stands on a match: the latest status, who set it, when, and the note (no patient data).</summary>
public sealed record MatchRemediation(RemediationStatus Status, string? By, DateTimeOffset? At, string? Note)
{
    public static MatchRemediation Initial { get; } = new(RemediationStatus.Open, null, null, null);
}

/// <summary>A match with its remediation state, the device-side row's ETag and (when asked for) its history, newest first.</summary>
public sealed record TrackedMatch(StoredMatch Match, MatchRemediation Remediation, string ETag, IReadOnlyList<RemediationHistoryEntry> History);

/// <summary>Remediation tracking over the stored matches.</summary>
public interface IRemediationStore
{
    /// <summary>The device's matches with remediation state and history.</summary>
    Task<IReadOnlyList<TrackedMatch>> ListForDeviceAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>The advisory's matches with remediation state (no history): one partition query.</summary>
    Task<IReadOnlyList<TrackedMatch>> ListForAdvisoryAsync(string advisoryId, CancellationToken cancellationToken);

    /// <summary>Every match with remediation state (no history), for summaries.</summary>
    IAsyncEnumerable<TrackedMatch> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records a status change: the match row (only if still at <paramref name="etag"/>) and a history row in one
    /// transaction, then the per-advisory index. False when the match changed since it was read.
    /// </summary>
    Task<bool> SaveRemediationAsync(string deviceId, string advisoryId, RemediationHistoryEntry entry, string etag, CancellationToken cancellationToken);

    /// <summary>Removes a device's matches, their history and their per-advisory index rows; returns how many matches.</summary>
    Task<int> DeleteForDeviceAsync(string deviceId, CancellationToken cancellationToken);
}
