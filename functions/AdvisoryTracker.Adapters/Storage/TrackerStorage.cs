using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Adapters.Storage;

/// <summary>
/// The app's tables, blob containers and queues, created on first use. One instance per process (the Azure clients
/// are thread-safe and meant to be reused).
/// </summary>
public sealed class TrackerStorage
{
    public const string Advisories = "Advisories";
    public const string AdvisoryRevisions = "AdvisoryRevisions";
    public const string Devices = "Devices";
    public const string DeviceMatches = "DeviceMatches";
    public const string AdvisoryMatches = "AdvisoryMatches";
    public const string OutboxPending = "OutboxPending";
    public const string NotificationLedger = "NotificationLedger";
    public const string Rejections = "Rejections";
    public const string SourceState = "SourceState";
    public const string TriageDecisions = "TriageDecisions";
    public const string VendorAliases = "VendorAliases";
    public const string ArchiveContainer = "advisory-archive";
    public const string BackfillQueue = "device-backfill";

    private readonly TableServiceClient _tables;
    private readonly BlobServiceClient _blobs;
    private readonly QueueServiceClient _queues;
    private readonly string _prefix;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task>> _created = new(StringComparer.Ordinal);

    public TrackerStorage(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues, string namePrefix)
    {
        _tables = tables;
        _blobs = blobs;
        _queues = queues;
        _prefix = namePrefix;
    }

    /// <summary>Builds the clients from <c>AzureWebJobsStorage</c>: a connection string, or an account name used with the app's identity.</summary>
    public static TrackerStorage FromConfiguration(IConfiguration configuration, IOptions<TrackerStorageOptions> options, TokenCredential? credential = null)
    {
        var o = options.Value;
        var connectionString = configuration[TrackerStorageOptions.SectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
            return new TrackerStorage(
                new TableServiceClient(connectionString),
                new BlobServiceClient(connectionString),
                new QueueServiceClient(connectionString, queueOptions),
                o.NamePrefix);
        }

        if (string.IsNullOrWhiteSpace(o.AccountName) && o.TableServiceUri is null)
        {
            throw new InvalidOperationException(
                "Storage is not configured: set AzureWebJobsStorage (a connection string, for local emulators) or AzureWebJobsStorage__accountName (identity-based, in Azure).");
        }

        credential ??= new DefaultAzureCredential();
        var account = o.AccountName;
        return new TrackerStorage(
            new TableServiceClient(o.TableServiceUri ?? new Uri($"https://{account}.table.core.windows.net"), credential),
            new BlobServiceClient(o.BlobServiceUri ?? new Uri($"https://{account}.blob.core.windows.net"), credential),
            new QueueServiceClient(o.QueueServiceUri ?? new Uri($"https://{account}.queue.core.windows.net"), credential, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }),
            o.NamePrefix);
    }

    /// <summary>The table service, for stores that take it with a table name (see <see cref="Prefixed"/>).</summary>
    public TableServiceClient TableService => _tables;

    /// <summary>A table, container or queue name with this install's prefix.</summary>
    public string Prefixed(string name) => _prefix + name;

    /// <summary>The client of a table, not yet created (for stores that create their table themselves).</summary>
    public TableClient TableClient(string name) => _tables.GetTableClient(_prefix + name);

    public async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken)
    {
        var client = _tables.GetTableClient(_prefix + name);
        await EnsureAsync("t:" + name, () => client.CreateIfNotExistsAsync(cancellationToken));
        return client;
    }

    public async Task<BlobContainerClient> ContainerAsync(string name, CancellationToken cancellationToken)
    {
        var client = _blobs.GetBlobContainerClient((_prefix + name).ToLowerInvariant());
        await EnsureAsync("b:" + name, () => client.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        return client;
    }

    public async Task<QueueClient> QueueAsync(string name, CancellationToken cancellationToken)
    {
        var client = _queues.GetQueueClient((_prefix + name).ToLowerInvariant());
        await EnsureAsync("q:" + name, () => client.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        return client;
    }

    private Task EnsureAsync(string key, Func<Task> create)
    {
        var lazy = _created.GetOrAdd(key, _ => new Lazy<Task>(create));
        if (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _created.TryRemove(key, out _);
        }

        return lazy.Value;
    }
}
