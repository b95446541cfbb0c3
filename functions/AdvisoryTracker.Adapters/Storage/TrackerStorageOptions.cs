namespace AdvisoryTracker.Adapters.Storage;

/// <summary>
/// The storage account the app keeps its tables, blobs and queues in: the Functions host's own account
/// (<c>AzureWebJobsStorage</c>). Locally a connection string (Azurite); in Azure identity-based
/// (<c>AzureWebJobsStorage__accountName</c>), never an account key.
/// </summary>
public sealed class TrackerStorageOptions
{
    public const string SectionName = "AzureWebJobsStorage";

    /// <summary>The storage account name, for identity-based access in Azure.</summary>
    public string? AccountName { get; set; }

    /// <summary>Optional explicit endpoints (sovereign clouds, private endpoints).</summary>
    public Uri? TableServiceUri { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    /// <summary>Prefix for every table, container and queue name (lets tests and several installs share an account).</summary>
    public string NamePrefix { get; set; } = "";
}
