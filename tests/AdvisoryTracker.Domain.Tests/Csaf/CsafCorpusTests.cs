using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;

namespace AdvisoryTracker.Domain.Tests.Csaf;

public sealed class CsafCorpusTests
{
    private readonly CsafReader _reader = new();

    [Fact]
    public void Read_EveryRealIcsmaAndIcsaDocument_Succeeds()
    {
        var files = CsafFixtures.AllDocuments.ToList();
        Assert.Equal(116 + 42, files.Count);
        var failures = new List<string>();
        foreach (var file in files)
        {
            var result = _reader.Read(File.ReadAllBytes(file));
            if (!result.Succeeded)
            {
                failures.Add($"{Path.GetFileName(file)}: {result.RejectionReason}");
                continue;
            }

            var advisory = result.Advisory!;
            // The tracking id is the file name, upper-cased (old files keep a revision letter).
            Assert.Equal(Path.GetFileNameWithoutExtension(file).Trim().ToUpperInvariant(), advisory.Id);
            Assert.NotEmpty(advisory.Products);
            Assert.NotEmpty(advisory.Vulnerabilities);
            Assert.Contains(advisory.RevisionHistory, r => r.Number == advisory.Revision);
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Read_AllIcsmaDocuments_ProductAndRemediationTotalsMatchTheCorpus()
    {
        var advisories = CsafFixtures.Documents("icsma").Select(f => _reader.Read(File.ReadAllBytes(f)).Advisory!).ToList();
        // Totals computed independently (Python over the same files): 466 product leaves, 1,443 remediations.
        Assert.Equal(466, advisories.Sum(a => a.Products.Count));
        Assert.Equal(1443, advisories.Sum(a => a.Vulnerabilities.Sum(v => v.Remediations.Count)));
        Assert.All(advisories, a => Assert.Single(a.VendorNames.Select(TextRepair.RepairMojibake).Distinct(StringComparer.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData("icsma-25-336-01.json", "ICSMA-25-336-01", "1", 1, 5, 0, 5)]
    [InlineData("icsma-19-080-01.json", "ICSMA-19-080-01", "4", 22, 8, 8, 2)]
    [InlineData("icsma-20-254-01.json", "ICSMA-20-254-01", "4", 9, 120, 32, 8)]
    [InlineData("icsma-20-343-01.json", "ICSMA-20-343-01", "1", 107, 4, 4, 2)]
    [InlineData("icsa-21-350-16.json", "ICSA-21-350-16", "2", 1, 12, 12, 3)]
    [InlineData("icsa-24-235-03.json", "ICSA-24-235-03", "1", 1391, 2, 2, 1)]
    public void Read_SampleDocuments_HaveTheExpectedCounts(string file, string id, string revision, int products, int remediations, int vendorFixes, int vulnerabilities)
    {
        var advisory = _reader.Read(CsafFixtures.Document(file)).Advisory!;
        Assert.Equal(id, advisory.Id);
        Assert.Equal(revision, advisory.Revision);
        Assert.Equal(products, advisory.Products.Count);
        Assert.Equal(remediations, advisory.Vulnerabilities.Sum(v => v.Remediations.Count));
        Assert.Equal(vendorFixes, advisory.Vulnerabilities.Sum(v => v.Remediations.Count(r => r.Category == RemediationCategory.VendorFix)));
        Assert.Equal(vulnerabilities, advisory.Vulnerabilities.Count);
    }

    [Fact]
    public void Read_MojibakeVendor_KeepsRawTextAndRepairsDisplayName()
    {
        var advisory = _reader.Read(CsafFixtures.Document("icsa-17-045-02.json")).Advisory!;
        var product = advisory.Products[0];
        Assert.Equal("GeutebrÃ¼ck", product.Vendor);
        Assert.Equal("Geutebrück", product.VendorDisplayName);
    }

    [Theory]
    [InlineData("Dräger")]
    [InlineData("Philips")]
    [InlineData("Siemens Healthineers, Siemens")]
    public void RepairMojibake_CorrectNames_AreUnchanged(string name) => Assert.Equal(name, TextRepair.RepairMojibake(name));

    [Fact]
    public void Read_IcsmaDocument_ReadsSectorsAndWebPage()
    {
        var advisory = _reader.Read(CsafFixtures.Document("icsma-25-336-01.json")).Advisory!;
        Assert.Contains("Healthcare and Public Health", advisory.CriticalInfrastructureSectors);
        Assert.Equal("https://www.cisa.gov/news-events/ics-medical-advisories/icsma-25-336-01", advisory.WebUrl);
    }
}
