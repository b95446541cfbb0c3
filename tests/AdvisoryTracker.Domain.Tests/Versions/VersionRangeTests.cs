using AdvisoryTracker.Domain.Versions;

namespace AdvisoryTracker.Domain.Tests.Versions;

public sealed class VersionRangeTests
{
    [Theory]
    [InlineData("vers:all/*", "1.0", VersionOutcome.InRange)]
    [InlineData("vers:all/*", "", VersionOutcome.InRange)]
    [InlineData("<= 2.3.6", "2.3.6", VersionOutcome.InRange)]
    [InlineData("<= 2.3.6", "2.3.7", VersionOutcome.OutOfRange)]
    [InlineData("2.3.6 and  below", "2.3.5", VersionOutcome.InRange)]
    [InlineData(">= 4.4 | <= 4.12", "4.10", VersionOutcome.InRange)]
    [InlineData(">= 4.4 | <= 4.12", "4.13", VersionOutcome.OutOfRange)]
    [InlineData("<1.5.8", "1.5.6", VersionOutcome.InRange)]
    [InlineData("<2.10.2.1", "2.10.2.1", VersionOutcome.OutOfRange)]
    [InlineData("<= 4.1", "R4.1L1", VersionOutcome.InRange)]
    [InlineData("<=1.52", "1.52.01", VersionOutcome.Unknown)] // a later release within the last listed line: review
    [InlineData("<1.52", "1.52.01", VersionOutcome.OutOfRange)]
    [InlineData("<= 1.7", "1.7.5", VersionOutcome.Unknown)]
    [InlineData("<= 1.7", "1.8", VersionOutcome.OutOfRange)]
    [InlineData("B.02", "B.02.01", VersionOutcome.Unknown)]
    [InlineData("B.02", "B.03", VersionOutcome.OutOfRange)]
    [InlineData("<= 11.x", "11.9", VersionOutcome.InRange)]
    [InlineData("< 3.x", "3.1", VersionOutcome.OutOfRange)]
    [InlineData("14.1.x", "14.1.2", VersionOutcome.InRange)]
    [InlineData("<= 2.6A", "2.6", VersionOutcome.InRange)]
    [InlineData("<=N", "M.00.03", VersionOutcome.InRange)]
    [InlineData("A.01 <= C.0x | 4.0", "C.01", VersionOutcome.InRange)]
    [InlineData("<= U61 |<= L81", "012U000040", VersionOutcome.InRange)]
    [InlineData("<= U61 |<= L81", "012U000093", VersionOutcome.OutOfRange)]
    [InlineData("vers:all/<=3.0.11.5_BN9", "3.0.11.5_BN10", VersionOutcome.OutOfRange)]
    [InlineData("<=2023.3_Build_9342", "2023.3", VersionOutcome.InRange)]
    [InlineData("2024.03", "2024.3", VersionOutcome.InRange)]
    [InlineData("<  july 1 2017", "2016-05", VersionOutcome.InRange)]
    [InlineData("<8/30/2024", "2024-09-30", VersionOutcome.OutOfRange)]
    [InlineData("<=September_19_2025", "2025-06-30", VersionOutcome.InRange)]
    [InlineData("distributed  < april 1, 2018", "2018-05", VersionOutcome.OutOfRange)]
    [InlineData("versions released before 2019-06-01", "2020-01", VersionOutcome.OutOfRange)]
    [InlineData("devices manufactured before 2019-06-01", "2018-12", VersionOutcome.InRange)]
    [InlineData("HD 16 | HD23", "HD23", VersionOutcome.InRange)]
    [InlineData("Rev B-M", "K", VersionOutcome.InRange)]
    [InlineData("8", "8.4", VersionOutcome.InRange)]
    [InlineData("1.6", "1.6.1", VersionOutcome.Unknown)]
    [InlineData("1.6", "1.6-rc1", VersionOutcome.OutOfRange)]
    [InlineData("<= 2.3.6", "", VersionOutcome.Unknown)]
    [InlineData("see vendor portal", "1.0", VersionOutcome.Unknown)]
    public void Evaluate_RealCorpusForms_GiveExpectedOutcome(string expression, string device, VersionOutcome expected)
    {
        var verdict = VersionRange.Parse(expression).Evaluate(device);
        Assert.True(expected == verdict.Outcome, $"{expression} vs {device}: {verdict.Reason}");
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason));
    }

    [Fact]
    public void Compare_NumericSegments_AreNotLexical()
    {
        Assert.True(VersionComparer.Compare(VersionValue.Parse("5.170.5")!, VersionValue.Parse("5.89.05b")!) > 0);
        Assert.True(VersionComparer.Compare(VersionValue.Parse("1.12.4")!, VersionValue.Parse("1.5.8")!) > 0);
    }

    [Theory]
    [InlineData("Update to version 2.0.3 or later.", "2.0.3")]
    [InlineData("Natus recommends updating to NeuroWorks 8.5 GMA 3.", "8.5 GMA 3")]
    public void Extract_VendorFixText_ReadsFixedVersion(string details, string expected) =>
        Assert.Contains(FixedVersionExtractor.Extract(details), v => VersionComparer.Compare(v, VersionValue.Parse(expected)!) == 0);

    [Fact]
    public void Extract_AffectedBoundInText_IsNotAFix() =>
        Assert.Empty(FixedVersionExtractor.Extract("Versions prior to 3.2 are affected; contact the vendor to update."));

    [Theory]
    [InlineData("For PrisMax, upgrade to PrisMaxv3, which supports the latest TLS 1.2.")]
    [InlineData("A free software update is available to users using NeuroWorks/SleepWorks Version 8.0, 8.1, 8.4, or 8.5.")]
    public void Extract_ProtocolOrCurrentInstallationVersion_IsNotAFix(string details) =>
        Assert.DoesNotContain(FixedVersionExtractor.Extract(details), v => v.Segments.Count > 1 && v.Segments[0].Number is 1 or 8);

    [Fact]
    public void Extract_UpdateToVersionAfterUsersOf_KeepsTheFix()
    {
        var fixes = FixedVersionExtractor.Extract("Users of version 3.1 should update to version 3.2.");
        Assert.Equal(["3.2"], fixes.Select(f => f.Text));
    }
}

/// <summary>The vers specification: validation, != , sorting, pre-releases.</summary>
public sealed class VersSpecificationTests
{
    [Theory]
    [InlineData("vers:generic/")]
    [InlineData("vers:generic/>=1.0||<2.0")]
    public void InvalidVersRange_IsReportedAndMatchesNothing_NeverAllVersions(string text)
    {
        var range = VersionRange.Parse(text);
        Assert.False(range.IsAllVersions);
        Assert.False(range.IsParsed);
        Assert.NotNull(range.Invalid);
        Assert.Equal(VersionOutcome.Unknown, range.Evaluate("1.5").Outcome);
    }

    [Fact]
    public void NotEqual_ExcludesThatVersion()
    {
        var range = VersionRange.Parse("vers:generic/>=1.0|!=1.5|<2.0");
        Assert.Equal(VersionOutcome.InRange, range.Evaluate("1.4").Outcome);
        Assert.Equal(VersionOutcome.OutOfRange, range.Evaluate("1.5").Outcome);
        Assert.Equal(VersionOutcome.OutOfRange, range.Evaluate("2.1").Outcome);
    }

    [Fact]
    public void UnsortedConstraints_AreNormalisedBeforeReading()
    {
        var range = VersionRange.Parse("vers:generic/<2.0|>=1.0");
        Assert.Equal(VersionOutcome.InRange, range.Evaluate("1.5").Outcome);
        Assert.Equal(VersionOutcome.OutOfRange, range.Evaluate("0.9").Outcome);
        Assert.Equal(VersionOutcome.OutOfRange, range.Evaluate("2.0").Outcome);
    }

    [Fact]
    public void PreRelease_IsBeforeItsRelease()
    {
        Assert.Equal(VersionOutcome.InRange, VersionRange.Parse("vers:semver/<1.0.0").Evaluate("1.0.0-alpha").Outcome);
        Assert.Equal(VersionOutcome.OutOfRange, VersionRange.Parse("vers:semver/<1.0.0-beta").Evaluate("1.0.0").Outcome);
        Assert.Equal(VersionOutcome.InRange, VersionRange.Parse("vers:semver/<1.0.0-beta").Evaluate("1.0.0-alpha").Outcome);
    }

    [Fact]
    public void VersionList_IsASetOfAffectedVersions_NotAFixedVersion()
    {
        var range = VersionRange.Parse("1.10 | 1.11 | 1.13");
        Assert.Equal(VersionOutcome.InRange, range.Evaluate("1.11").Outcome);
        Assert.Equal(VersionOutcome.OutOfRange, range.Evaluate("1.12").Outcome);
    }

    [Theory]
    [InlineData("<= D25", "A10", VersionOutcome.InRange)]
    [InlineData("<= A10", "A11", VersionOutcome.OutOfRange)]
    [InlineData("< R8.0.2", "R8.0.1", VersionOutcome.InRange)]
    public void AlphanumericRevisions_Compare(string range, string device, VersionOutcome expected) =>
        Assert.Equal(expected, VersionRange.Parse(range).Evaluate(device).Outcome);
}
