using System.Text;
using System.Text.Json.Nodes;
using AdvisoryTracker.Domain.Csaf;

namespace AdvisoryTracker.Domain.Tests.Csaf;

/// <summary>
/// Every document is checked against the official CSAF schema of its version and the mandatory tests that decide
/// matching; a rejection names the failing JSON path. Uses a real CISA document broken one way at a time and the
/// OASIS CSAF TC validator test documents (tests/TestData/fixtures/csaf/oasis, see PROVENANCE.md there).
/// </summary>
public sealed class CsafSchemaValidationTests
{
    private static string Oasis(string version, string folder, string file) =>
        Path.Combine(CsafFixtures.Root, "oasis", version, folder, file);

    private static CsafReadResult ReadFile(string path) => new CsafReader().Read(File.ReadAllBytes(path));

    private static CsafReadResult Read(JsonNode node) => new CsafReader().Read(Encoding.UTF8.GetBytes(node.ToJsonString()));

    private static JsonNode RealDocument() => JsonNode.Parse(CsafFixtures.Document("icsma-25-336-01.json"))!;

    public static TheoryData<string, string> WrongKinds => new()
    {
        // What the hand-written reader used to accept silently.
        { "product_tree as a string", "/product_tree" },
        { "product_tree as an array", "/product_tree" },
        { "branches as an object", "/product_tree/branches" },
        { "tracking.version as an object", "/document/tracking/version" },
        { "known_affected as a single string", "/vulnerabilities/0/product_status/known_affected" },
    };

    [Theory]
    [MemberData(nameof(WrongKinds))]
    public void Read_ValueOfTheWrongKind_IsRejectedNamingThePath(string breakage, string expectedPath)
    {
        var node = RealDocument();
        switch (breakage)
        {
            case "product_tree as a string": node["product_tree"] = "Vendor X"; break;
            case "product_tree as an array": node["product_tree"] = new JsonArray(node["product_tree"]!.DeepClone()); break;
            case "branches as an object": node["product_tree"]!["branches"] = node["product_tree"]!["branches"]![0]!.DeepClone(); break;
            case "tracking.version as an object": node["document"]!["tracking"]!["version"] = new JsonObject { ["major"] = 1 }; break;
            case "known_affected as a single string":
                var status = node["vulnerabilities"]![0]!["product_status"]!.AsObject();
                status["known_affected"] = status["known_affected"]![0]!.GetValue<string>();
                break;
        }

        var result = Read(node);

        Assert.False(result.Succeeded, breakage);
        Assert.StartsWith(expectedPath, result.RejectionPath, StringComparison.Ordinal);
        Assert.Contains("CSAF 2.0 schema", result.RejectionReason, StringComparison.Ordinal);
        Assert.Contains(" at " + result.RejectionPath, result.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CvssV3WithAnInvalidVector_IsRejectedByTheReferencedFirstSchema()
    {
        var node = RealDocument();
        node["vulnerabilities"]![0]!["scores"]![0]!["cvss_v3"]!["vectorString"] = "CVSS:3.1/AV:X";
        var result = Read(node);
        Assert.False(result.Succeeded);
        Assert.StartsWith("/vulnerabilities/0/scores/0/cvss_v3", result.RejectionPath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json", "6.1.1")]
    [InlineData("oasis_csaf_tc-csaf_2_0-2021-6-1-02-01.json", "6.1.2")]
    [InlineData("oasis_csaf_tc-csaf_2_0-2021-6-1-03-01.json", "6.1.3")]
    [InlineData("oasis_csaf_tc-csaf_2_0-2021-6-1-04-01.json", "6.1.4")]
    [InlineData("oasis_csaf_tc-csaf_2_0-2021-6-1-05-01.json", "6.1.5")]
    public void Read_OasisInvalidExample20_IsRejectedByTheMandatoryTest(string file, string test)
    {
        var result = ReadFile(Oasis("2.0", "mandatory", file));
        Assert.False(result.Succeeded);
        Assert.StartsWith("CSAF mandatory test " + test + ":", result.RejectionReason, StringComparison.Ordinal);
        Assert.StartsWith("/", result.RejectionPath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oasis_csaf_tc-csaf_2_1-2024-6-1-01-01.json", "6.1.1")]
    [InlineData("oasis_csaf_tc-csaf_2_1-2024-6-1-02-01.json", "6.1.2")]
    public void Read_OasisInvalidExample21_IsRejectedByTheMandatoryTest(string file, string test)
    {
        var result = ReadFile(Oasis("2.1", "mandatory", file));
        Assert.False(result.Succeeded);
        Assert.StartsWith("CSAF mandatory test " + test + ":", result.RejectionReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2.0", "oasis_csaf_tc-csaf_2_0-2021-6-1-06-01.json", "6.1.6")]
    [InlineData("2.0", "oasis_csaf_tc-csaf_2_0-2021-6-1-06-02.json", "6.1.6")]
    [InlineData("2.0", "oasis_csaf_tc-csaf_2_0-2021-6-1-31-01.json", "6.1.31")]
    [InlineData("2.1", "oasis_csaf_tc-csaf_2_1-2024-6-1-06-01.json", "6.1.6")]
    [InlineData("2.1", "oasis_csaf_tc-csaf_2_1-2024-6-1-31-01.json", "6.1.31")]
    public void Read_OasisContradictionOrRangeInVersion_IsKeptWithAWarningNamingThePath(string version, string file, string test)
    {
        // Kept on purpose: the matcher reads a contradiction as possibly affected, and real CISA documents write
        // "vers:all/*" as a product_version; rejecting would hide the advisory.
        var result = ReadFile(Oasis(version, "mandatory", file));
        Assert.True(result.Succeeded, result.RejectionReason);
        var warning = Assert.Single(result.Warnings, w => w.Test == test);
        Assert.StartsWith(test == "6.1.6" ? "/vulnerabilities/0/product_status/" : "/product_tree/branches/", warning.Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oasis_csaf_tc-csaf_2_0-2021-6-1-01-11.json")]
    [InlineData("oasis_csaf_tc-csaf_2_0-2021-6-1-06-11.json")]
    [InlineData("oasis_csaf_tc-csaf_2_0-2021-6-1-31-11.json")]
    public void Read_OasisValidExample20_IsAcceptedWithoutFindings(string file)
    {
        var result = ReadFile(Oasis("2.0", "mandatory", file));
        Assert.True(result.Succeeded, result.RejectionReason);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Read_RealCorpus_HasNoBlockingFindingsAndFlagsRangesWrittenAsVersions()
    {
        // 21 of the 158 real CISA documents write "vers:all/*" as a product_version (6.1.31); none fails another test.
        var results = CsafFixtures.AllDocuments.Select(f => new CsafReader().Read(File.ReadAllBytes(f))).ToList();
        Assert.All(results, r => Assert.True(r.Succeeded, r.RejectionReason));
        Assert.Equal(21, results.Count(r => r.Warnings.Any(w => w.Test == "6.1.31")));
    }

    [Fact]
    public void Validator_FetchesNothing_AndIsBuiltOnce()
    {
        Assert.Same(AdvisoryTracker.Domain.Csaf.Validation.CsafSchemaValidator.Shared, AdvisoryTracker.Domain.Csaf.Validation.CsafSchemaValidator.Shared);
        // A 2.1 document references the CVSS v4 and SSVC schemas: evaluating it must not need the network
        // (the registry's fetch throws, which would surface as a rejection).
        var result = ReadFile(Oasis("2.1", "mandatory", "oasis_csaf_tc-csaf_2_1-2024-6-1-46-11.json"));
        Assert.True(result.Succeeded, result.RejectionReason);
    }
}
