namespace AdvisoryTracker.Adapters.Sources.OpenFda;

/// <summary>openFDA device recall and enforcement queries (https://open.fda.gov/apis/device/).</summary>
public sealed class OpenFdaOptions
{
    public const string SectionName = "OpenFda";

    public bool Enabled { get; set; }

    public string BaseUrl { get; set; } = "https://api.fda.gov/";

    /// <summary>Optional API key (raises the limit from 1,000 to 120,000 requests a day). Keep it in Key Vault / app settings.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Query <c>device/recall.json</c> (source "openfda-device-recall").</summary>
    public bool Recalls { get; set; } = true;

    /// <summary>Query <c>device/enforcement.json</c> (source "openfda-device-enforcement"; carries the recall class).</summary>
    public bool Enforcement { get; set; } = true;

    /// <summary>First run: how many days back to read (default 30).</summary>
    public int InitialLookbackDays { get; set; } = 30;

    /// <summary>Each run re-reads this many days before the cursor, since openFDA publishes weekly and late (default 14).</summary>
    public int OverlapDays { get; set; } = 14;

    /// <summary>Records per page (openFDA allows up to 1,000; default 100).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Pause between pages; openFDA allows 240 requests a minute (40 without key). Default 1.5 s.</summary>
    public TimeSpan PauseBetweenPages { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Most pages read in one run (openFDA refuses skip over 25,000). Default 50.</summary>
    public int MaxPagesPerRun { get; set; } = 50;

    /// <summary>Only recalls by these firms (exact <c>recalling_firm</c> values); empty = all device recalls.</summary>
    public List<string> Manufacturers { get; set; } = [];

    /// <summary>How often each openFDA endpoint is queried (default one hour; openFDA publishes weekly).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public long MaxResponseBytes { get; set; } = 20 * 1024 * 1024;
}
