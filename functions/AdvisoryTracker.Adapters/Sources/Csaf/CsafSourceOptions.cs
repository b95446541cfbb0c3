using AdvisoryTracker.Domain.Configuration;
namespace AdvisoryTracker.Adapters.Sources.Csaf;

/// <summary>How a CSAF source is discovered.</summary>
public enum CsafSourceKind
{
    /// <summary><see cref="CsafSourceOptions.Location"/> is a <c>provider-metadata.json</c> URL; its ROLIE feeds (else directories) are read.</summary>
    ProviderMetadata,
    /// <summary><see cref="CsafSourceOptions.Location"/> is a domain: <c>/.well-known/csaf/provider-metadata.json</c>, then security.txt <c>CSAF:</c>.</summary>
    Domain,
    /// <summary><see cref="CsafSourceOptions.Location"/> is a ROLIE feed URL.</summary>
    RolieFeed,
    /// <summary><see cref="CsafSourceOptions.Location"/> is a directory URL holding <c>changes.csv</c> (else <c>index.txt</c>).</summary>
    Directory,
    /// <summary><see cref="CsafSourceOptions.Location"/> is a folder on disk (air-gapped sites); <c>.sha512</c>/<c>.asc</c> beside a file are checked.</summary>
    Folder,
}

/// <summary>One configured CSAF source (an entry of the <c>CsafSources</c> list).</summary>
public sealed class CsafSourceOptions
{
    public const string SectionName = "CsafSources";

    /// <summary>CISA's TLP:WHITE OT feed (all ICS and ICS medical advisories). CISA's provider metadata is at <see cref="CisaProviderMetadataUrl"/>.</summary>
    public const string CisaOtFeedUrl = "https://raw.githubusercontent.com/cisagov/CSAF/develop/csaf_files/OT/white/cisa-csaf-ot-feed-tlp-white.json";
    public const string CisaProviderMetadataUrl = "https://www.cisa.gov/sites/default/files/csaf/provider-metadata.json";
    /// <summary>The name of CISA's signing key shipped with the app (fingerprint 144AED0A57BE7D4AE835D9D8CAC5AC4F74164B17).</summary>
    public const string BuiltInCisaKey = "builtin:cisa";

    /// <summary>Unique, stable name: the key of the source's state.</summary>
    public string Name { get; set; } = "";

    public CsafSourceKind Kind { get; set; } = CsafSourceKind.RolieFeed;

    /// <summary>URL, domain or folder path, depending on <see cref="Kind"/>. A relative folder is resolved against the working directory.</summary>
    public string Location { get; set; } = "";

    /// <summary>Only documents whose tracking id starts with one of these (e.g. "ICSMA-"); empty = all.</summary>
    public List<string> DocumentIdPrefixes { get; set; } = [];

    /// <summary>Only documents naming one of these vendors (case-insensitive substring); empty = all.</summary>
    public List<string> Vendors { get; set; } = [];

    /// <summary>Reject documents without a valid OpenPGP signature by one of the configured keys.</summary>
    public bool RequireSignatures { get; set; }

    /// <summary>Files with ASCII-armoured public keys, or <see cref="BuiltInCisaKey"/>.</summary>
    public List<string> PublicKeyFiles { get; set; } = [];

    /// <summary>ASCII-armoured public keys written inline.</summary>
    public List<string> PublicKeys { get; set; } = [];

    /// <summary>The source syncs only when this much time has passed since its last attempt (the timer fires more often). Zero = every run.</summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.Zero;

    /// <summary>Larger documents are rejected unread (default 10 MB).</summary>
    public long MaxDocumentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The default when nothing is configured: CISA's OT ROLIE feed, signatures required with CISA's key, no id filter.</summary>
    public static CsafSourceOptions CisaOtDefault() => new()
    {
        Name = "cisa-csaf-ot",
        Kind = CsafSourceKind.RolieFeed,
        Location = CisaOtFeedUrl,
        RequireSignatures = true,
        PublicKeyFiles = [BuiltInCisaKey],
    };

    /// <summary>Adds what is wrong with this entry, entry <paramref name="index"/> of the list, to <paramref name="problems"/>.</summary>
    public void Check(SettingProblems problems, int index)
    {
        ArgumentNullException.ThrowIfNull(problems);
        problems.NotEmpty(Name, $"{index}:{nameof(Name)}");
        if (string.IsNullOrWhiteSpace(Location))
        {
            problems.Add($"{index}:{nameof(Location)}", "must be set");
        }
        else if (Kind is CsafSourceKind.ProviderMetadata or CsafSourceKind.RolieFeed or CsafSourceKind.Directory &&
            !Uri.TryCreate(Location, UriKind.Absolute, out _))
        {
            problems.Add($"{index}:{nameof(Location)}", $"must be an absolute URL for Kind {Kind} (is '{Location}')");
        }

        problems.AtLeast(MaxDocumentBytes, 1, $"{index}:{nameof(MaxDocumentBytes)}");
        problems.NotNegative(MinimumInterval, $"{index}:{nameof(MinimumInterval)}");
        problems.Require(!RequireSignatures || PublicKeyFiles.Count > 0 || PublicKeys.Count > 0, $"{index}:{nameof(RequireSignatures)}",
            "is true but the source configures no PublicKeyFiles or PublicKeys");
    }
}
