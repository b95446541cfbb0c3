using System.Runtime.CompilerServices;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Ingestion;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Domain.Tests.Csaf;
using AdvisoryTracker.Domain.Triage;

namespace AdvisoryTracker.Domain.Tests.Ingestion;

/// <summary>
/// In-memory stand-ins for the storage ports, for fast unit tests of the domain services (matching, ingestion). They
/// keep what was written so a test can assert on it, and count reads where the services promise to read little. The
/// Table and Queue adapters behind the same ports are tested on Azurite in the integration tests.
/// </summary>
internal sealed class InMemoryDeviceRegistry : IDeviceRegistry
{
    private readonly Dictionary<string, Device> _devices = new(StringComparer.Ordinal);

    /// <summary>How many times the whole registry was listed.</summary>
    public int Listings { get; private set; }

    public void Put(Device device) => _devices[device.Id] = device;

    public Task<StoredDevice?> GetAsync(string deviceId, CancellationToken cancellationToken) =>
        Task.FromResult(_devices.TryGetValue(deviceId, out var device) ? new StoredDevice(device, "e1", null) : null);

    public Task<StoredDevice?> AddAsync(Device device, CancellationToken cancellationToken)
    {
        if (!_devices.TryAdd(device.Id, device))
        {
            return Task.FromResult<StoredDevice?>(null);
        }

        return Task.FromResult<StoredDevice?>(new StoredDevice(device, "e1", null));
    }

    public async IAsyncEnumerable<Device> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Listings++;
        foreach (var device in _devices.Values.ToList())
        {
            await Task.Yield();
            yield return device;
        }
    }
}

internal sealed class InMemoryMatchStore : IMatchStore
{
    public Dictionary<(string DeviceId, string AdvisoryId), StoredMatch> Matches { get; } = [];

    /// <summary>Every outbox row written, in order.</summary>
    public List<OutboxEntry> Outbox { get; } = [];

    /// <summary>How many times a match was saved (with or without outbox rows).</summary>
    public int Saves { get; private set; }

    public Task<IReadOnlyDictionary<string, StoredMatch>> GetForAdvisoryAsync(string advisoryId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, StoredMatch>>(
            Matches.Values.Where(m => m.AdvisoryId == advisoryId).ToDictionary(m => m.DeviceId, StringComparer.Ordinal));

    public Task<IReadOnlyDictionary<string, StoredMatch>> GetForDeviceAsync(string deviceId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, StoredMatch>>(
            Matches.Values.Where(m => m.DeviceId == deviceId).ToDictionary(m => m.AdvisoryId, StringComparer.Ordinal));

    public Task SaveAsync(StoredMatch match, IReadOnlyList<OutboxEntry> outbox, CancellationToken cancellationToken)
    {
        Saves++;
        Matches[(match.DeviceId, match.AdvisoryId)] = match;
        Outbox.AddRange(outbox);
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryAdvisoryStore : IAdvisoryStore
{
    public Dictionary<string, StoredAdvisory> Current { get; } = new(StringComparer.Ordinal);

    /// <summary>Every save, in order (the revision history).</summary>
    public List<(string Id, string Revision, string SourceName)> Saved { get; } = [];

    /// <summary>What <see cref="StorageProblem"/> answers (null: everything fits).</summary>
    public Func<Advisory, string?> Problem { get; set; } = _ => null;

    /// <summary>Thrown by the next save, once (a crash or an outage at that point).</summary>
    public Exception? FailNextSave { get; set; }

    public Task<StoredAdvisory?> GetAsync(string advisoryId, CancellationToken cancellationToken) =>
        Task.FromResult(Current.GetValueOrDefault(advisoryId));

    public Task SaveAsync(Advisory advisory, string sourceName, CancellationToken cancellationToken)
    {
        if (FailNextSave is { } failure)
        {
            FailNextSave = null;
            throw failure;
        }

        Current[advisory.Id] = new StoredAdvisory(advisory, sourceName, DateTimeOffset.UnixEpoch);
        Saved.Add((advisory.Id, advisory.Revision, sourceName));
        return Task.CompletedTask;
    }

    public string? StorageProblem(Advisory advisory) => Problem(advisory);

    public async IAsyncEnumerable<StoredAdvisory> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var stored in Current.Values.ToList())
        {
            await Task.Yield();
            yield return stored;
        }
    }
}

internal sealed class InMemoryArchive : IAdvisoryArchive
{
    public List<(string SourceName, string AdvisoryId, string Revision, byte[] Raw)> Archived { get; } = [];

    /// <summary>Thrown by archiving an advisory with this id (a document the store cannot take).</summary>
    public Dictionary<string, Exception> FailFor { get; } = new(StringComparer.Ordinal);

    public Task ArchiveAsync(string sourceName, Advisory advisory, ReadOnlyMemory<byte> rawDocument, CancellationToken cancellationToken)
    {
        if (FailFor.TryGetValue(advisory.Id, out var failure))
        {
            throw failure;
        }

        Archived.Add((sourceName, advisory.Id, advisory.Revision, rawDocument.ToArray()));
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryRejectionLog : IRejectionLog
{
    public List<RejectionRecord> Records { get; } = [];

    public Task RecordAsync(RejectionRecord rejection, CancellationToken cancellationToken)
    {
        Records.Add(rejection);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RejectionRecord>> ListAsync(string sourceName, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RejectionRecord>>(Records.Where(r => r.SourceName == sourceName).Reverse().Take(max).ToList());
}

internal sealed class InMemoryBackfillQueue : IDeviceBackfillQueue
{
    public List<string> Queued { get; } = [];

    public Task EnqueueAsync(string deviceId, CancellationToken cancellationToken)
    {
        Queued.Add(deviceId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<(string DeviceId, string Token)>> PeekAsync(int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(string DeviceId, string Token)>>(Queued.Take(max).Select(id => (id, id)).ToList());

    public Task AcknowledgeAsync(string token, CancellationToken cancellationToken)
    {
        Queued.Remove(token);
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryTriageStore : ITriageStore
{
    private readonly Dictionary<(string, string), TriageDecision> _decisions = [];

    public Task<TriageDecision?> GetAsync(string deviceId, string advisoryId, CancellationToken cancellationToken) =>
        Task.FromResult(_decisions.GetValueOrDefault((deviceId, advisoryId)));

    public Task SaveAsync(TriageDecision decision, CancellationToken cancellationToken)
    {
        _decisions[(decision.DeviceId, decision.AdvisoryId)] = decision;
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<TriageDecision> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var decision in _decisions.Values.ToList())
        {
            await Task.Yield();
            yield return decision;
        }
    }
}

/// <summary>Storage faults as the adapter tells them: only <see cref="TimeoutException"/> counts as an outage here.</summary>
internal sealed class TimeoutIsTransient : IStorageFaults
{
    public bool IsTransient(Exception exception) => exception is TimeoutException;
}

/// <summary>The real ICSMA-25-336-01 advisory (Mirion Medical EC2 Software NMIS BioDose before 23.0) and devices it does or does not concern.</summary>
internal static class BioDose
{
    public const string AdvisoryId = "ICSMA-25-336-01";

    public static byte[] Raw => File.ReadAllBytes(Path.Combine(CsafFixtures.Root, "icsma", "icsma-25-336-01.json"));

    public static Advisory Advisory()
    {
        var read = new CsafReader().Read(Raw);
        Assert.True(read.Succeeded, read.RejectionReason);
        return read.Advisory!;
    }

    /// <summary>A later revision: a new revision number and content hash, and whatever <paramref name="change"/> does.</summary>
    public static Advisory Revise(Advisory advisory, string revision, Func<Advisory, Advisory>? change = null) =>
        (change ?? (a => a))(advisory) with
        {
            Revision = revision,
            ContentHash = $"{advisory.ContentHash}-r{revision}",
            CurrentReleaseDate = advisory.CurrentReleaseDate?.AddDays(int.Parse(revision, System.Globalization.CultureInfo.InvariantCulture)),
        };

    /// <summary>The advisory with a vendor fix added to every vulnerability (a revision "adding a fix").</summary>
    public static Advisory WithVendorFix(Advisory advisory) => advisory with
    {
        Vulnerabilities = advisory.Vulnerabilities.Select(v => v with
        {
            Remediations = [.. v.Remediations, new AdvisoryRemediation(RemediationCategory.VendorFix, "Update to NMIS BioDose 23.0 or later.",
                null, v.Remediations.SelectMany(r => r.ProductIds).Distinct().ToList())],
        }).ToList(),
    };

    public static Device Affected(string id = "biodose-1", params string[] contacts) => new()
    {
        Id = id,
        Manufacturer = "Mirion Medical",
        Model = "EC2 Software NMIS BioDose",
        Version = "22.02",
        Department = "Nuclear Medicine",
        Contacts = contacts.Length == 0 ? ["nm.lead@example.org"] : contacts,
    };

    /// <summary>A device of another manufacturer: the advisory does not name it.</summary>
    public static Device Unrelated(string id = "pump-1") => new()
    {
        Id = id,
        Manufacturer = "Probe Medical",
        Model = "Infusor X200",
        Version = "2.0",
        Contacts = ["icu@example.org"],
    };
}
