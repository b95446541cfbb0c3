using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Ingestion;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Domain.Triage;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdvisoryTracker.Domain.Tests.Ingestion;

/// <summary>
/// The ingestor's contract with the sources — new, revised, unchanged, older, poison and failing documents — on the
/// real ICSMA-25-336-01 advisory, the real matcher and the real matching service. In-memory ports
/// (<see cref="InMemoryAdvisoryStore"/> and friends): these are fast unit tests of domain logic; the Table, Blob and
/// Queue adapters behind the same ports are covered by the emulator tests.
/// </summary>
public sealed class AdvisoryIngestorTests
{
    private const string Source = "cisa-csaf";

    private readonly InMemoryDeviceRegistry _devices = new();
    private readonly InMemoryMatchStore _matches = new();
    private readonly InMemoryAdvisoryStore _advisories = new();
    private readonly InMemoryArchive _archive = new();
    private readonly InMemoryRejectionLog _rejections = new();
    private readonly InMemoryBackfillQueue _backfill = new();
    private readonly AdvisoryIngestor _ingestor;

    public AdvisoryIngestorTests()
    {
        var matching = new AdvisoryMatchingService(_devices, _matches, new AdvisoryMatcher(), new TriageCarryOver(new InMemoryTriageStore()));
        _ingestor = new AdvisoryIngestor(_advisories, _archive, _rejections, matching, _backfill, new TimeoutIsTransient(), NullLogger<AdvisoryIngestor>.Instance);
        _devices.Put(BioDose.Affected("biodose-1", "nm.lead@example.org"));
        _devices.Put(BioDose.Unrelated());
    }

    private Task<AdvisoryStoreOutcome> StoreAsync(Advisory advisory, string? reference = null) =>
        _ingestor.StoreAsync(advisory, BioDose.Raw, Source, reference, CancellationToken.None);

    [Fact]
    public async Task NewAdvisory_IsArchivedMatchedAndStored_WithItsNotification()
    {
        var advisory = BioDose.Advisory();

        Assert.Equal(AdvisoryStoreOutcome.Created, await StoreAsync(advisory));

        var archived = Assert.Single(_archive.Archived);
        Assert.Equal((Source, BioDose.AdvisoryId, advisory.Revision), (archived.SourceName, archived.AdvisoryId, archived.Revision));
        Assert.Equal(BioDose.Raw, archived.Raw); // byte for byte
        Assert.Equal([(BioDose.AdvisoryId, advisory.Revision, Source)], _advisories.Saved);
        Assert.Equal("biodose-1", Assert.Single(_matches.Matches.Values).DeviceId);
        var row = Assert.Single(_matches.Outbox);
        Assert.Equal(("biodose-1", "nm.lead@example.org", NotificationKind.NewMatch), (row.DeviceId, row.Recipient, row.Kind));
        Assert.Empty(_rejections.Records);
    }

    [Fact]
    public async Task SameDocumentAgain_IsUnchanged_AndWritesNothing()
    {
        var advisory = BioDose.Advisory();
        await StoreAsync(advisory);

        Assert.Equal(AdvisoryStoreOutcome.Unchanged, await StoreAsync(advisory));
        Assert.Equal(AdvisoryStoreOutcome.Unchanged, await StoreAsync(advisory with { }));

        Assert.Single(_archive.Archived);
        Assert.Single(_advisories.Saved);
        Assert.Equal(1, _matches.Saves);
        Assert.Single(_matches.Outbox);
    }

    [Fact]
    public async Task RevisionWithoutChangeForTheDevice_IsStored_ButNotifiesNobody()
    {
        var original = BioDose.Advisory();
        await StoreAsync(original);

        Assert.Equal(AdvisoryStoreOutcome.Revised, await StoreAsync(BioDose.Revise(original, "2")));

        Assert.Equal(["1", "2"], _advisories.Saved.Select(s => s.Revision));
        Assert.Equal("2", _advisories.Current[BioDose.AdvisoryId].Advisory.Revision);
        Assert.Equal(2, _archive.Archived.Count);
        Assert.Single(_matches.Outbox);
    }

    [Fact]
    public async Task RevisionAddingAFix_IsStored_WithOnePatchAvailableNotification()
    {
        var original = BioDose.Advisory();
        await StoreAsync(original);

        Assert.Equal(AdvisoryStoreOutcome.Revised, await StoreAsync(BioDose.Revise(original, "2", BioDose.WithVendorFix)));

        Assert.Equal([NotificationKind.NewMatch, NotificationKind.PatchAvailable], _matches.Outbox.Select(o => o.Kind));
    }

    [Fact]
    public async Task OlderRevision_IsArchivedButNeverReplacesTheStoredOne()
    {
        var original = BioDose.Advisory();
        var newer = BioDose.Revise(original, "3", BioDose.WithVendorFix);
        await StoreAsync(newer);

        Assert.Equal(AdvisoryStoreOutcome.Unchanged, await StoreAsync(original));

        Assert.Equal("3", _advisories.Current[BioDose.AdvisoryId].Advisory.Revision);
        Assert.Single(_advisories.Saved);
        Assert.Equal(["3", original.Revision], _archive.Archived.Select(a => a.Revision));
        Assert.Single(_matches.Outbox); // the older revision was not matched again
    }

    [Fact]
    public async Task DocumentBreakingALimit_IsRejectedWithReasonAndHash_BeforeAnythingIsWritten_AndTheNextOneIsStored()
    {
        var poison = BioDose.Advisory() with { Id = "ICSMA-25-336-01\u0000<script>", ContentHash = "abc123" };

        Assert.Equal(AdvisoryStoreOutcome.Rejected, await StoreAsync(poison, "https://example.org/poison.json"));
        Assert.Equal(AdvisoryStoreOutcome.Created, await StoreAsync(BioDose.Advisory()));

        var rejection = Assert.Single(_rejections.Records);
        Assert.Equal((Source, "https://example.org/poison.json", "abc123"), (rejection.SourceName, rejection.DocumentReference, rejection.ContentHash));
        Assert.StartsWith("tracking id", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal([BioDose.AdvisoryId], _archive.Archived.Select(a => a.AdvisoryId));
        Assert.Single(_advisories.Saved);
    }

    [Fact]
    public async Task DocumentTheStoreCannotHold_IsRejectedWithTheStoresReason()
    {
        _advisories.Problem = a => a.Title.Length > 10 ? "the product tree is over the entity size limit" : null;

        Assert.Equal(AdvisoryStoreOutcome.Rejected, await StoreAsync(BioDose.Advisory()));

        Assert.Equal("the product tree is over the entity size limit", Assert.Single(_rejections.Records).Reason);
        Assert.Empty(_archive.Archived);
        Assert.Empty(_matches.Matches);
    }

    [Fact]
    public async Task DocumentWhoseStoringFails_IsQuarantined_AndTheOthersOfTheBatchContinue()
    {
        var broken = BioDose.Advisory() with { Id = "ICSMA-99-999-99", ContentHash = "deadbeef" };
        _archive.FailFor[broken.Id] = new InvalidOperationException("the archive refused the document");

        await using (var batch = _ingestor.BeginBatch())
        {
            Assert.Equal(AdvisoryStoreOutcome.Rejected, await batch.StoreAsync(broken, BioDose.Raw, Source, "icsma-99-999-99.json", CancellationToken.None));
            Assert.Equal(AdvisoryStoreOutcome.Created, await batch.StoreAsync(BioDose.Advisory(), BioDose.Raw, Source, CancellationToken.None));
        }

        var rejection = Assert.Single(_rejections.Records);
        Assert.Equal(("icsma-99-999-99.json", "quarantined: storing it failed (InvalidOperationException)", "deadbeef"),
            (rejection.DocumentReference, rejection.Reason, rejection.ContentHash));
        Assert.Equal([BioDose.AdvisoryId], _advisories.Saved.Select(s => s.Id));
        Assert.Single(_matches.Outbox);
    }

    [Fact]
    public async Task StorageOutage_Throws_SoTheDocumentIsRetried_AndIsNotQuarantined()
    {
        _advisories.FailNextSave = new TimeoutException("storage did not answer");

        await Assert.ThrowsAsync<TimeoutException>(() => StoreAsync(BioDose.Advisory()));

        Assert.Empty(_rejections.Records);
        Assert.Empty(_advisories.Current);
    }

    [Fact]
    public async Task CrashAfterMatchingBeforeStoring_NextSyncRepairsIt_WithoutASecondNotification()
    {
        var advisory = BioDose.Advisory();
        _advisories.FailNextSave = new TimeoutException("storage went away after the matches were written");
        await Assert.ThrowsAsync<TimeoutException>(() => StoreAsync(advisory));
        Assert.Single(_matches.Outbox); // matches and their notification were written before the crash

        Assert.Equal(AdvisoryStoreOutcome.Created, await StoreAsync(advisory)); // the next sync sees the document as new

        Assert.Equal(advisory.Revision, _advisories.Current[BioDose.AdvisoryId].Advisory.Revision);
        Assert.Single(_matches.Outbox);
        Assert.Equal(AdvisoryStoreOutcome.Unchanged, await StoreAsync(advisory));
    }

    [Fact]
    public async Task Batch_MatchesAgainstOneRegistrySnapshot_AndQueuesDevicesRegisteredDuringTheSyncForBackfill()
    {
        var original = BioDose.Advisory();

        await using (var batch = _ingestor.BeginBatch())
        {
            await batch.StoreAsync(original, BioDose.Raw, Source, CancellationToken.None);
            _devices.Put(BioDose.Affected("biodose-late", "late@example.org"));
            await batch.StoreAsync(BioDose.Revise(original, "2", BioDose.WithVendorFix), BioDose.Raw, Source, CancellationToken.None);
            await batch.RecordRejectionAsync(Source, "bad.json", "signature does not verify", "feedface", CancellationToken.None);
        }

        Assert.Equal(1, _devices.Listings - 1); // one snapshot for both documents, one listing at the end of the batch
        Assert.Equal(["biodose-late"], _backfill.Queued);
        Assert.DoesNotContain(_matches.Outbox, o => o.DeviceId == "biodose-late");
        Assert.Equal(("bad.json", "signature does not verify", "feedface"), (_rejections.Records[0].DocumentReference, _rejections.Records[0].Reason, _rejections.Records[0].ContentHash));
    }
}
