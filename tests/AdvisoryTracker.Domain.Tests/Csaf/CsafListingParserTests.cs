using System.Text;
using AdvisoryTracker.Domain.Csaf.Distribution;

namespace AdvisoryTracker.Domain.Tests.Csaf;

public sealed class CsafListingParserTests
{
    private static readonly Uri CisaOt = new("https://raw.githubusercontent.com/cisagov/CSAF/develop/csaf_files/OT/white/");

    private static byte[] Distribution(params string[] path) => File.ReadAllBytes(Path.Combine([CsafFixtures.Root, "distribution", .. path]));

    [Fact]
    public void ParseRolieFeed_RealCisaOtFeed_ReadsEveryEntryWithLinks()
    {
        var listing = CsafListingParser.ParseRolieFeed(Distribution("OT", "white", "cisa-csaf-ot-feed-tlp-white.json"), new Uri(CisaOt, "cisa-csaf-ot-feed-tlp-white.json"));
        Assert.Null(listing.Error);
        Assert.Equal(2538, listing.Entries.Count);
        var first = listing.Entries[0];
        Assert.Equal("ICSMA-25-058-01", first.DocumentId);
        Assert.Equal(new Uri(CisaOt, "2025/icsma-25-058-01.json"), first.DocumentUrl);
        Assert.Equal(new Uri(CisaOt, "2025/icsma-25-058-01.json.sha512"), Assert.Single(first.HashUrls));
        Assert.Equal(new Uri(CisaOt, "2025/icsma-25-058-01.json.asc"), first.SignatureUrl);
        Assert.Equal(new DateTimeOffset(2025, 2, 27, 7, 0, 0, TimeSpan.Zero), first.Updated);
        Assert.All(listing.Entries, e => Assert.NotNull(e.Updated));
    }

    [Fact]
    public void ParseChangesCsv_RealCisaFile_StripsTheRepositoryPrefixAndReadsBothTimestampFormats()
    {
        var listing = CsafListingParser.ParseChangesCsv(Distribution("OT", "white", "changes.csv"), CisaOt);
        Assert.Null(listing.Error);
        Assert.Equal(2538, listing.Entries.Count);
        Assert.Equal(new Uri(CisaOt, "2025/icsma-25-058-01.json"), listing.Entries[0].DocumentUrl);
        Assert.All(listing.Entries, e => Assert.StartsWith(CisaOt.AbsoluteUri, e.DocumentUrl.AbsoluteUri, StringComparison.Ordinal));
        Assert.Contains(listing.Entries, e => e.Updated is { Hour: 0, Minute: 0 });
    }

    [Fact]
    public void ParseIndexTxt_RealCisaFile_MatchesChangesCsv()
    {
        var index = CsafListingParser.ParseIndexTxt(Distribution("OT", "white", "index.txt"), CisaOt);
        var changes = CsafListingParser.ParseChangesCsv(Distribution("OT", "white", "changes.csv"), CisaOt);
        Assert.Equal(changes.Entries.Select(e => e.DocumentUrl.AbsoluteUri).Order(StringComparer.Ordinal), index.Entries.Select(e => e.DocumentUrl.AbsoluteUri).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ParseChangesCsv_QuotedIsdubaStyle_IsRead()
    {
        var isduba = File.ReadAllBytes(Path.Combine(CsafFixtures.Root, "provider-metadata", "isduba", "white_changes.csv"));
        var listing = CsafListingParser.ParseChangesCsv(isduba, new Uri("https://isduba.github.io/.well-known/csaf/white/"));
        Assert.Null(listing.Error);
        Assert.NotEmpty(listing.Entries);
        Assert.All(listing.Entries, e => Assert.StartsWith("https://isduba.github.io/.well-known/csaf/white/20", e.DocumentUrl.AbsoluteUri, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../../etc/passwd,2025-01-01T00:00:00Z")]
    [InlineData("https://evil.example/x.json,2025-01-01T00:00:00Z")]
    [InlineData("/abs/x.json,2025-01-01T00:00:00Z")]
    public void ParseChangesCsv_PathsLeavingTheDirectory_AreRefused(string line)
    {
        var listing = CsafListingParser.ParseChangesCsv(Encoding.UTF8.GetBytes(line), CisaOt);
        Assert.Contains("is not a relative document path", listing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseChangesCsv_StraySpacesInFileName_AreEscaped()
    {
        var listing = CsafListingParser.ParseChangesCsv("2024/icsma-24-001-01 .json ,2024-01-01T00:00:00Z"u8, CisaOt);
        Assert.Equal(new Uri(CisaOt, "2024/icsma-24-001-01%20.json").AbsoluteUri, Assert.Single(listing.Entries).DocumentUrl.AbsoluteUri);
        Assert.Equal("ICSMA-24-001-01", listing.Entries[0].DocumentId);
    }

    [Fact]
    public void ParseRolieFeed_Garbage_FailsWithReason()
    {
        Assert.StartsWith("the ROLIE feed is not valid JSON", CsafListingParser.ParseRolieFeed("<html>"u8.ToArray(), CisaOt).Error, StringComparison.Ordinal);
        Assert.Equal("the ROLIE feed has no /feed object", CsafListingParser.ParseRolieFeed("[]"u8.ToArray(), CisaOt).Error);
    }

    [Fact]
    public void ParseProviderMetadata_RealCisa_ReadsFeedsAndKey()
    {
        var url = new Uri("https://www.cisa.gov/sites/default/files/csaf/provider-metadata.json");
        var (metadata, error) = CsafProviderMetadata.Parse(File.ReadAllBytes(Path.Combine(CsafFixtures.Root, "provider-metadata", "cisa_provider-metadata.json")), url);
        Assert.Null(error);
        Assert.Equal("CISA", metadata!.PublisherName);
        Assert.Equal(2, metadata.RolieFeeds.Count);
        Assert.Equal("144AED0A57BE7D4AE835D9D8CAC5AC4F74164B17", Assert.Single(metadata.PublicKeys).Fingerprint);
    }

    [Fact]
    public void ParseProviderMetadata_RealCiq_ReadsThreeDirectories()
    {
        var (metadata, _) = CsafProviderMetadata.Parse(File.ReadAllBytes(Path.Combine(CsafFixtures.Root, "provider-metadata", "ciq_provider-metadata.json")), new Uri("https://raw.githubusercontent.com/ctrliq/advisories/main/csaf/provider-metadata.json"));
        Assert.Equal(3, metadata!.Directories.Count);
        Assert.Empty(metadata.RolieFeeds);
    }

    [Fact]
    public void ParseSecurityTxt_RealFile_FindsTheCsafLine()
    {
        var urls = CsafProviderMetadata.ParseSecurityTxt(File.ReadAllBytes(Path.Combine(CsafFixtures.Root, "provider-metadata", "schwarz-informatik_security.txt")));
        Assert.Equal(new Uri("https://schwarz-informatik.at/.well-known/csaf/provider-metadata.json"), Assert.Single(urls));
    }
}
