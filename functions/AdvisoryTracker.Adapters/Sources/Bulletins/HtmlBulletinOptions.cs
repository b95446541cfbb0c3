using AdvisoryTracker.Domain.Bulletins;

namespace AdvisoryTracker.Adapters.Sources.Bulletins;

/// <summary>
/// One configured bulletin site (settings list <c>HtmlBulletins</c>). <see cref="Preset"/> starts from a verified
/// configuration (<c>cisa-advisory</c>, <c>fda-page</c>); any other field set here overrides the preset's.
/// </summary>
public sealed class HtmlBulletinOptions
{
    public const string SectionName = "HtmlBulletins";

    public string? Preset { get; set; }
    public string? Name { get; set; }
    public bool Enabled { get; set; }
    public string? ListingUrl { get; set; }
    public BulletinListingKind? ListingKind { get; set; }
    public string? ItemLinkXPath { get; set; }
    public List<string>? ItemUrlPrefixes { get; set; }
    public string? RequiredXPath { get; set; }
    public string? TitleXPath { get; set; }
    public string? DateXPath { get; set; }
    public string? IdXPath { get; set; }
    public string? IdFromUrlPattern { get; set; }
    public string? VendorXPath { get; set; }
    public string? DefaultVendor { get; set; }
    public string? ProductXPath { get; set; }
    public string? CveXPath { get; set; }
    public string? BodyXPath { get; set; }
    public string? MitigationXPath { get; set; }
    public string? Publisher { get; set; }
    public int? MaxItemsPerRun { get; set; }
    public int? MaxPageChars { get; set; }

    /// <summary>The effective configuration: the preset (or defaults) with every field set here applied on top.</summary>
    public BulletinSiteConfig ToConfig()
    {
        var config = BulletinPresets.ByName(Preset) ?? new BulletinSiteConfig();
        if (Preset is { Length: > 0 } && BulletinPresets.ByName(Preset) is null)
        {
            throw new InvalidOperationException($"HtmlBulletins: unknown preset '{Preset}' (known: cisa-advisory, fda-page)");
        }

        config.Name = Name ?? config.Name;
        config.Enabled = Enabled;
        config.ListingUrl = ListingUrl ?? config.ListingUrl;
        config.ListingKind = ListingKind ?? config.ListingKind;
        config.ItemLinkXPath = ItemLinkXPath ?? config.ItemLinkXPath;
        config.ItemUrlPrefixes = ItemUrlPrefixes ?? config.ItemUrlPrefixes;
        config.RequiredXPath = RequiredXPath ?? config.RequiredXPath;
        config.TitleXPath = TitleXPath ?? config.TitleXPath;
        config.DateXPath = DateXPath ?? config.DateXPath;
        config.IdXPath = IdXPath ?? config.IdXPath;
        config.IdFromUrlPattern = IdFromUrlPattern ?? config.IdFromUrlPattern;
        config.VendorXPath = VendorXPath ?? config.VendorXPath;
        config.DefaultVendor = DefaultVendor ?? config.DefaultVendor;
        config.ProductXPath = ProductXPath ?? config.ProductXPath;
        config.CveXPath = CveXPath ?? config.CveXPath;
        config.BodyXPath = BodyXPath ?? config.BodyXPath;
        config.MitigationXPath = MitigationXPath ?? config.MitigationXPath;
        config.Publisher = Publisher ?? config.Publisher;
        config.MaxItemsPerRun = MaxItemsPerRun ?? config.MaxItemsPerRun;
        config.MaxPageChars = MaxPageChars ?? config.MaxPageChars;
        return config;
    }
}
