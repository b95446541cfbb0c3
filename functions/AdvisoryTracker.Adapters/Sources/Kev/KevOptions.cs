namespace AdvisoryTracker.Adapters.Sources.Kev;

/// <summary>The CISA Known Exploited Vulnerabilities catalogue, refreshed daily (conditional GET).</summary>
public sealed class KevOptions
{
    public const string SectionName = "Kev";

    public bool Enabled { get; set; }

    public string Url { get; set; } = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json";

    /// <summary>How often the catalogue is requested (default one day); the sync timer fires more often, KEV is skipped until due.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Largest catalogue read (default 20 MB; the catalogue is about 1.3 MB).</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
}

/// <summary>FIRST EPSS scores (optional enrichment; off by default).</summary>
public sealed class EpssOptions
{
    public const string SectionName = "Epss";

    public bool Enabled { get; set; }

    /// <summary>The daily CSV (plain or gzip-compressed).</summary>
    public string Url { get; set; } = "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz";

    /// <summary>How often the scores are requested (default one day).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Largest download (default 30 MB) and largest decompressed size (6 times that).</summary>
    public long MaxBytes { get; set; } = 30 * 1024 * 1024;
}
