using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Vendors;

namespace AdvisoryTracker.Domain.Tests.Matching;

/// <summary>
/// The OASIS CSAF TC's own example documents (tests/TestData/oasis, provenance in its README): external data nobody
/// here wrote. Every one is read and matched without a crash, no leaf with a version is read as "all versions", and
/// the VEX use cases give the verdict their status says.
/// </summary>
public sealed class OasisExampleTests
{
    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "oasis", file);

    public static TheoryData<string> Files() => [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "oasis"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static Advisory Read(string file)
    {
        var result = new CsafReader().Read(File.ReadAllBytes(PathOf(file)));
        return result.Advisory ?? throw new InvalidOperationException($"{file}: {result.RejectionReason}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Example_IsMatchedWithoutCrash_AndNoVersionedLeafIsAllVersions(string file)
    {
        var advisory = Read(file);
        var leaves = ProductLeaves.Build(advisory, VendorCatalogue.Default);
        Assert.NotEmpty(leaves.Leaves);
        foreach (var leaf in leaves.Leaves.Where(l => l.VersionExpression is { } v && v.Trim() is not ("*" or "vers:all/*" or "")))
        {
            Assert.False(leaf.Range.IsAllVersions, $"{file}: '{leaf.Product.FullName}' with version '{leaf.VersionExpression}' read as all versions");
        }

        var devices = leaves.Leaves.Select((l, i) => new Device
        {
            Id = $"o-{i}",
            Manufacturer = l.Product.Vendor,
            Model = l.Product.ProductName.Length > 0 ? l.Product.ProductName : l.Product.FullName,
            Version = i % 2 == 0 ? "999.0" : null,
        }).ToList();
        var matches = new AdvisoryMatcher().Match(advisory, devices);
        Assert.All(matches, m => Assert.False(string.IsNullOrWhiteSpace(m.Explanation.Summary)));
        // A version far above every bounded leaf is not affected by a versioned leaf's known_affected status alone.
        Assert.DoesNotContain(matches, m => m.Status == MatchStatus.Affected && m.Explanation.VersionRule.Contains("999.0 is within", StringComparison.Ordinal)
            && !m.Explanation.MatchedRanges.Any(r => r.Contains('>', StringComparison.Ordinal) || r.Contains('*', StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("2022-evd-uc-01-a-001.json", "DEF", "1.0", "affected")]
    [InlineData("2022-evd-uc-01-f-001.json", null, null, "possibly_affected")] // fixed version listed, device version unknown
    [InlineData("2022-evd-uc-01-na-001.json", "ABC", "4.2", "not_affected")]
    [InlineData("2022-evd-uc-01-ui-001.json", null, null, "possibly_affected")]
    [InlineData("bsi-2022-0001.json", "CVRF-CSAF-Converter", "1.0.0-rc1", "affected")]
    [InlineData("bsi-2022-0001.json", "CVRF-CSAF-Converter", "1.0.0-rc2", "not_affected")]
    [InlineData("bsi-2022-0001.json", "CVRF-CSAF-Converter", "1.0.0", "not_affected")]
    public void VexUseCase_GivesTheVerdictOfItsStatus(string file, string? model, string? version, string expected)
    {
        var advisory = Read(file);
        var product = advisory.Products.First(p => model is null || p.ProductName == model);
        var device = new Device { Id = "d", Manufacturer = product.Vendor, Model = product.ProductName, Version = version };
        Assert.Equal(expected, new AdvisoryMatcher().Match(advisory, [device]).Single().Status.ToName());
    }
}
