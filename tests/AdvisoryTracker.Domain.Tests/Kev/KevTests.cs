using System.Text;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Tests.Feeds;

namespace AdvisoryTracker.Domain.Tests.Kev;

public class KevTests
{
    private static KevCatalogue RealCatalogue()
    {
        var result = KevCatalogueReader.Read(Fixture.Bytes("kev", "known_exploited_vulnerabilities.json"));
        Assert.True(result.Succeeded, result.RejectionReason);
        return result.Catalogue!;
    }

    [Fact]
    public void Read_RealCatalogue_ReadsEveryEntry()
    {
        var catalogue = RealCatalogue();

        Assert.Equal("2025.08.25", catalogue.CatalogVersion);
        Assert.Equal(1404, catalogue.Vulnerabilities.Count);
        var git = catalogue.Vulnerabilities[0];
        Assert.Equal("CVE-2025-48384", git.CveId);
        Assert.Equal(new DateOnly(2025, 8, 25), git.DateAdded);
        Assert.Equal(new DateOnly(2025, 9, 15), git.DueDate);
        Assert.False(git.UsedByRansomware);
        Assert.Contains(catalogue.Vulnerabilities, v => v.UsedByRansomware);
    }

    [Fact]
    public void Lookup_TomcatGhostcat_MarksIcsma21187AsExploited()
    {
        var index = KnownExploitedIndex.From(RealCatalogue());
        var csaf = new CsafReader().Read(Fixture.Bytes("csaf", "icsma", "icsma-21-187-01.json"));
        Assert.True(csaf.Succeeded, csaf.RejectionReason);

        var exploited = index.ExploitedIn(csaf.Advisory!);

        var ghostcat = Assert.Single(exploited);
        Assert.Equal("CVE-2020-1938", ghostcat.CveId);
        Assert.NotNull(ghostcat.DateAdded);
        Assert.False(string.IsNullOrWhiteSpace(ghostcat.RequiredAction));
        Assert.True(index.IsExploited(csaf.Advisory!));
        Assert.Equal(ghostcat, index.Lookup("cve-2020-1938"));
    }

    [Fact]
    public void Lookup_AdvisoryWithoutKevCves_IsNotExploited()
    {
        var index = KnownExploitedIndex.From(RealCatalogue());
        var csaf = new CsafReader().Read(Fixture.Bytes("csaf", "icsma", "icsma-25-336-01.json"));

        Assert.False(index.IsExploited(csaf.Advisory!));
        Assert.Null(index.Lookup("CVE-1999-99999"));
    }

    [Fact]
    public void NewlyExploited_CveAddedSincePreviousCatalogue_IsReportedOnce()
    {
        var current = KnownExploitedIndex.From(RealCatalogue());
        var previous = current.Cves.Where(c => c != "CVE-2020-1938").ToList();

        var newly = KevChanges.NewlyExploited(previous, current);
        var again = KevChanges.NewlyExploited(current.Cves, current);

        Assert.Equal("CVE-2020-1938", Assert.Single(newly).CveId);
        Assert.Empty(again);
    }

    [Fact]
    public void NewlyExploitedAmong_OnlyCvesOfMatchedAdvisoriesCount()
    {
        var current = KnownExploitedIndex.From(RealCatalogue());

        var newly = KevChanges.NewlyExploitedAmong([], current, ["CVE-2020-1938", "CVE-2099-0001"]);

        Assert.Equal("CVE-2020-1938", Assert.Single(newly).CveId);
    }

    [Theory]
    [InlineData("<html>error</html>")]
    [InlineData("""{"title":"x"}""")]
    [InlineData("""{"count": 5, "vulnerabilities": [{"cveID":"CVE-2020-1938"}]}""")]
    [InlineData("""{"vulnerabilities": [{"cveID":"x"},{"cveID":"y"}]}""")]
    public void Read_BrokenCatalogue_IsRejectedWhole(string json)
    {
        var result = KevCatalogueReader.Read(Encoding.UTF8.GetBytes(json));

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(result.RejectionReason));
    }

    [Fact]
    public void ReadEpss_RealExcerpt_ReadsModelDateAndForty()
    {
        using var reader = new StreamReader(Fixture.PathOf("epss", "epss_scores-current_first40rows.csv"));

        var result = EpssReader.Read(reader);

        Assert.True(result.Succeeded, result.RejectionReason);
        Assert.Equal("v2026.06.15", result.ModelVersion);
        Assert.Equal(new DateTimeOffset(2026, 9, 29, 12, 0, 22, TimeSpan.Zero), result.ScoreDate);
        Assert.Equal(40, result.Scores.Count);
        Assert.Equal(new EpssScore("CVE-1999-0001", 0.03351, 0.88255, "v2026.06.15", result.ScoreDate), result.Scores[0]);
        Assert.Empty(result.SkippedLines);
    }

    [Fact]
    public void ReadEpss_WithoutHeader_IsRejected()
    {
        var result = EpssReader.Read(new StringReader("CVE-1999-0001,0.03351,0.88255\n"));

        Assert.False(result.Succeeded);
    }
}
