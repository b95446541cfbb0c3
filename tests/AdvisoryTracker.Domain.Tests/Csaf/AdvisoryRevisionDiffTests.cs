using System.Text;
using System.Text.Json.Nodes;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;

namespace AdvisoryTracker.Domain.Tests.Csaf;

/// <summary>Revisions are made from a real document (ICSMA-25-336-01, mitigations only) by changing one thing.</summary>
public sealed class AdvisoryRevisionDiffTests
{
    private static readonly byte[] Original = CsafFixtures.Document("icsma-25-336-01.json");

    private static Advisory Read(byte[] bytes) => new CsafReader().Read(bytes).Advisory!;

    private static Advisory Revise(Action<JsonNode> change)
    {
        var node = JsonNode.Parse(Original)!;
        node["document"]!["tracking"]!["version"] = "2";
        change(node);
        return Read(Encoding.UTF8.GetBytes(node.ToJsonString()));
    }

    [Fact]
    public void Compute_SameDocument_IsNotMaterial()
    {
        var diff = AdvisoryRevisionDiff.Compute(Read(Original), Read(Original));
        Assert.False(diff.IsMaterial);
        Assert.Empty(diff.Describe());
    }

    [Fact]
    public void Compute_WordingAndDatesOnly_IsNotMaterial()
    {
        var revised = Revise(n =>
        {
            n["document"]!["title"] = "Reworded title";
            n["document"]!["tracking"]!["current_release_date"] = "2026-01-01T00:00:00Z";
            var remediation = n["vulnerabilities"]![0]!["remediations"]![0]!;
            remediation["details"] = "  " + remediation["details"]!.GetValue<string>().Replace(" ", "\n ", StringComparison.Ordinal) + " ";
        });
        var diff = AdvisoryRevisionDiff.Compute(Read(Original), revised);
        Assert.False(diff.IsMaterial);
        Assert.Equal("2", diff.CurrentRevision);
    }

    [Fact]
    public void Compute_VendorFixAdded_IsNewsAndNamesTheProduct()
    {
        var revised = Revise(n => n["vulnerabilities"]![0]!["remediations"]!.AsArray().Add(new JsonObject
        {
            ["category"] = "vendor_fix",
            ["details"] = "Update to version 2.0.",
            ["product_ids"] = new JsonArray("CSAFPID-0001"),
        }));
        var diff = AdvisoryRevisionDiff.Compute(Read(Original), revised);
        Assert.True(diff.VendorFixAdded);
        Assert.True(diff.IsMaterial);
        var added = Assert.Single(diff.RemediationsAdded);
        Assert.Equal(RemediationCategory.VendorFix, added.Category);
        Assert.Contains("Mirion Medical", Assert.Single(added.Products), StringComparison.Ordinal);
        Assert.StartsWith("A vendor fix is now available", diff.Describe()[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_VersionRangeChanged_ReportsBeforeAndAfter()
    {
        var before = Read(Original);
        var revised = Revise(n => SetFirstVersionLeaf(n, "<=9.9"));
        var diff = AdvisoryRevisionDiff.Compute(before, revised);
        var change = Assert.Single(diff.VersionRangesChanged);
        Assert.Equal([before.Products[0].VersionExpression!], change.Before);
        Assert.Equal(["<=9.9"], change.After);
        Assert.Empty(diff.ProductsAdded);
    }

    [Fact]
    public void Compute_ProductAddedScoreChangedCveAdded_AreAllReported()
    {
        var revised = Revise(n =>
        {
            var vendor = n["product_tree"]!["branches"]![0]!["branches"]!.AsArray();
            vendor.Add(new JsonObject
            {
                ["category"] = "product_name",
                ["name"] = "New Product",
                ["branches"] = new JsonArray(new JsonObject
                {
                    ["category"] = "product_version",
                    ["name"] = "vers:all/*",
                    ["product"] = new JsonObject { ["name"] = "New Product vers:all/*", ["product_id"] = "CSAFPID-0999" },
                }),
            });
            var vulnerabilities = n["vulnerabilities"]!.AsArray();
            vulnerabilities[0]!["scores"]![0]!["cvss_v3"]!["baseScore"] = 9.9;
            var copy = vulnerabilities[0]!.DeepClone();
            copy["cve"] = "CVE-2099-0001";
            vulnerabilities.Add(copy);
        });
        var diff = AdvisoryRevisionDiff.Compute(Read(Original), revised);
        Assert.Equal("Mirion Medical / New Product", Assert.Single(diff.ProductsAdded));
        Assert.Equal(["CVE-2099-0001"], diff.CvesAdded);
        var score = Assert.Single(diff.ScoresChanged);
        Assert.Equal(9.9, score.After);
        Assert.Empty(diff.ProductsRemoved);
    }

    [Fact]
    public void Compute_StatusMovedToFixed_IsReported()
    {
        var revised = Revise(n =>
        {
            var status = n["vulnerabilities"]![0]!["product_status"]!.AsObject();
            var ids = status["known_affected"]!.DeepClone();
            status.Remove("known_affected");
            status["fixed"] = ids;
        });
        var change = Assert.Single(AdvisoryRevisionDiff.Compute(Read(Original), revised).StatusesChanged);
        Assert.Equal([ProductStatus.KnownAffected], change.Before);
        Assert.Equal([ProductStatus.Fixed], change.After);
    }

    [Fact]
    public void Initial_FirstRevision_AddsEverything()
    {
        var advisory = Read(Original);
        var diff = AdvisoryRevisionDiff.Initial(advisory);
        Assert.Null(diff.PreviousRevision);
        Assert.Equal(advisory.Cves.Count(), diff.CvesAdded.Count);
        Assert.Single(diff.ProductsAdded);
    }

    [Fact]
    public void Compute_DifferentAdvisories_Throws() =>
        Assert.Throws<ArgumentException>(() => AdvisoryRevisionDiff.Compute(Read(Original), Read(CsafFixtures.Document("icsa-17-045-02.json"))));

    private static void SetFirstVersionLeaf(JsonNode node, string expression)
    {
        var leaf = node["product_tree"]!["branches"]![0]!["branches"]![0]!["branches"]![0]!;
        leaf["name"] = expression;
    }
}
