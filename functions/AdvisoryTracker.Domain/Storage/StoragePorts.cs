using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Domain.Storage;

/// <summary>The current revision of an advisory as stored, with where it came from.</summary>
public sealed record StoredAdvisory(Advisory Advisory, string SourceName, DateTimeOffset StoredAt);

/// <summary>The advisories known to this organisation (current revision each).</summary>
public interface IAdvisoryStore
{
    Task<StoredAdvisory?> GetAsync(string advisoryId, CancellationToken cancellationToken);

    /// <summary>Upserts the current revision and records it in the revision history.</summary>
    Task SaveAsync(Advisory advisory, string sourceName, CancellationToken cancellationToken);

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
