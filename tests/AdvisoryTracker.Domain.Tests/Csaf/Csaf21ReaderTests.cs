using AdvisoryTracker.Domain.Csaf;

namespace AdvisoryTracker.Domain.Tests.Csaf;

/// <summary>CSAF 2.1 documents are read (not rejected): the OASIS 2.1 examples and validator test documents.</summary>
public sealed class Csaf21ReaderTests
{
    private static CsafReadResult Read(string folder, string file) =>
        new CsafReader().Read(File.ReadAllBytes(Path.Combine(CsafFixtures.Root, "oasis", "2.1", folder, file)));

    [Theory]
    [InlineData("bsi-2022-0001.json")]
    [InlineData("rhsa-2019_1862.json")]
    [InlineData("2022-evd-uc-01-a-001.json")]
    public void Read_Oasis21Example_IsReadLikeIts20Twin(string file)
    {
        var v21 = Read("examples", file);
        var v20 = new CsafReader().Read(File.ReadAllBytes(Path.Combine(CsafFixtures.Root, "oasis", "2.0", "examples", file)));

        Assert.True(v21.Succeeded, v21.RejectionReason);
        Assert.True(v20.Succeeded, v20.RejectionReason);
        Assert.Equal("2.1", v21.Advisory!.CsafVersion);
        Assert.Equal("2.0", v20.Advisory!.CsafVersion);
        Assert.Equal(v20.Advisory.Id, v21.Advisory.Id);
        Assert.Equal(v20.Advisory.Products.Select(p => p.ProductId), v21.Advisory.Products.Select(p => p.ProductId));
        Assert.Equal(v20.Advisory.Vulnerabilities.Select(v => v.Cve), v21.Advisory.Vulnerabilities.Select(v => v.Cve));
        Assert.Equal(
            v20.Advisory.Vulnerabilities.Select(v => v.ProductStatus.Sum(s => s.Value.Count)),
            v21.Advisory.Vulnerabilities.Select(v => v.ProductStatus.Sum(s => s.Value.Count)));
        // The TLP label changed in 2.1: WHITE became CLEAR (the VEX example has no TLP in 2.0).
        Assert.Equal(v20.Advisory.TlpLabel is null ? v21.Advisory.TlpLabel : "CLEAR", v21.Advisory.TlpLabel);
        Assert.Contains(v21.Advisory.TlpLabel, new[] { null, "CLEAR" });
    }

    [Fact]
    public void Read_CvssV4Metric_IsAScoreWithItsVector()
    {
        var vulnerability = Assert.Single(Read("mandatory", "oasis_csaf_tc-csaf_2_1-2024-6-1-08-14.json").Advisory!.Vulnerabilities);
        var score = Assert.Single(vulnerability.Scores);
        Assert.Equal("4.0", score.Version);
        Assert.Equal(5.4, score.BaseScore);
        Assert.Equal("MEDIUM", score.BaseSeverity);
        Assert.Equal("CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L", vulnerability.CvssV4Vector);
    }

    [Fact]
    public void Read_EpssMetric_IsRead()
    {
        var epss = Assert.Single(Read("mandatory", "oasis_csaf_tc-csaf_2_1-2024-6-1-51-11.json").Advisory!.Vulnerabilities).Epss;
        Assert.NotNull(epss);
        Assert.Equal(0.97466, epss.Probability, 5);
        Assert.Equal(0.99958, epss.Percentile, 5);
        Assert.Equal(new DateTimeOffset(2024, 1, 24, 10, 0, 0, TimeSpan.Zero), epss.Timestamp);
    }

    [Fact]
    public void Read_SsvcMetric_IsRead()
    {
        var selection = Assert.Single(Assert.Single(Read("mandatory", "oasis_csaf_tc-csaf_2_1-2024-6-1-46-11.json").Advisory!.Vulnerabilities).Ssvc);
        Assert.Equal(("ssvc", "MI"), (selection.Namespace, selection.Key));
        Assert.Equal(["N"], selection.Values);
    }

    [Fact]
    public void Read_QualitativeSeverityAndCvssInSeparateMetrics_AreBothRead()
    {
        var vulnerabilities = Read("mandatory", "oasis_csaf_tc-csaf_2_1-2024-6-1-56-11.json").Advisory!.Vulnerabilities;
        Assert.Equal(10, Assert.Single(vulnerabilities[0].Scores).BaseScore);
        Assert.Equal("critical", vulnerabilities[1].QualitativeSeverity);
    }

    [Fact]
    public void Read_FirstKnownExploitationDates_AreRead()
    {
        var date = Assert.Single(Assert.Single(Read("mandatory", "oasis_csaf_tc-csaf_2_1-2024-6-1-52-11.json").Advisory!.Vulnerabilities).FirstKnownExploitationDates);
        Assert.Equal(new DateTimeOffset(2024, 1, 22, 12, 34, 56, 789, TimeSpan.Zero), date.ExploitationDate);
        Assert.Equal(["CSAFPID-9080700"], date.ProductIds);
    }
}
