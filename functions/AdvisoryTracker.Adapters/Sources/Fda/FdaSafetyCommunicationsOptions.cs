namespace AdvisoryTracker.Adapters.Sources.Fda;

/// <summary>FDA feeds whose medical-device items are fetched as pages and read as safety communications or recalls.</summary>
public sealed class FdaSafetyCommunicationsOptions
{
    public const string SectionName = "FdaSafetyCommunications";

    public bool Enabled { get; set; }

    /// <summary>One source per feed (its own state and health).</summary>
    public List<FdaFeedOptions> Feeds { get; set; } = [];

    /// <summary>Pages fetched per feed and run; the rest waits for the next run (default 40).</summary>
    public int MaxItemsPerRun { get; set; } = 40;

    /// <summary>Largest feed body read (default 5 MB).</summary>
    public long MaxFeedBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Largest page body read (default 5 MB); larger pages are recorded as rejected.</summary>
    public long MaxPageBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Also ingest device recall and early-alert pages linked from the feeds (default true).</summary>
    public bool IncludeDeviceRecalls { get; set; } = true;
}

public sealed class FdaFeedOptions
{
    /// <summary>Unique source name, e.g. "fda-medwatch".</summary>
    public string Name { get; set; } = "";

    public string Url { get; set; } = "";
}
