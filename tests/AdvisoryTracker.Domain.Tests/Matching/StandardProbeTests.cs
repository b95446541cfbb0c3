using System.Text;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Tests.Matching;

/// <summary>
/// Probe documents written against CSAF 2.0 (one per product-status category and per branch category), with the
/// verdict the standard gives. Vendor "Probe Medical" and product "Infusor X200" are invented.
/// </summary>
public sealed class StandardProbeTests
{
    private const string Vendor = "Probe Medical";

    internal static Advisory Read(string productTree, string vulnerability, string title = "Probe advisory")
    {
        var json = $$"""
        {
          "document": {
            "category": "csaf_security_advisory", "csaf_version": "2.0", "title": "{{title}}",
            "publisher": { "category": "vendor", "name": "Probe CERT", "namespace": "https://probe.example" },
            "tracking": { "id": "PROBE-1", "status": "final", "version": "1",
              "initial_release_date": "2025-01-01T00:00:00Z", "current_release_date": "2025-01-01T00:00:00Z",
              "revision_history": [ { "number": "1", "date": "2025-01-01T00:00:00Z", "summary": "initial" } ] }
          },
          "product_tree": {{productTree}},
          "vulnerabilities": [ { "cve": "CVE-2025-0001", {{vulnerability}} } ]
        }
        """;
        var result = new CsafReader().Read(Encoding.UTF8.GetBytes(json));
        return result.Advisory ?? throw new InvalidOperationException(result.RejectionReason);
    }

    /// <summary>vendor → product_name "Infusor X200" → product_version 2.0 (P1).</summary>
    private static string Tree(string versionCategory = "product_version", string version = "2.0") => $$"""
        { "branches": [ { "category": "vendor", "name": "{{Vendor}}", "branches": [
            { "category": "product_name", "name": "Infusor X200", "branches": [
              { "category": "{{versionCategory}}", "name": "{{version}}", "product": { "product_id": "P1", "name": "Infusor X200 {{version}}" } } ] } ] } ] }
        """;

    internal static DeviceMatch? Match(Advisory advisory, string? version, string model = "Infusor X200") =>
        new AdvisoryMatcher().Match(advisory, [new Device { Id = "d1", Manufacturer = Vendor, Model = model, Version = version }]).SingleOrDefault();

    private static string? Status(Advisory advisory, string? version) => Match(advisory, version)?.Status.ToName();

    [Theory]
    [InlineData("known_affected", "2.0", "affected")]
    [InlineData("known_affected", "2.5", "not_affected")]
    [InlineData("first_affected", "2.5", "affected")] // a lower bound: 2.0 and later
    [InlineData("first_affected", "1.5", "not_affected")]
    [InlineData("last_affected", "1.5", "affected")] // an upper bound: 2.0 and earlier
    [InlineData("last_affected", "2.5", "not_affected")]
    [InlineData("first_fixed", "1.5", "affected")] // older than the first fix: affected
    [InlineData("first_fixed", "2.5", "not_affected")]
    [InlineData("first_fixed", null, "possibly_affected")]
    [InlineData("fixed", "2.0", "not_affected")]
    [InlineData("fixed", "1.5", "possibly_affected")] // older than a fixed version: not silently "not affected"
    [InlineData("fixed", null, "possibly_affected")]
    [InlineData("known_not_affected", "2.0", "not_affected")]
    [InlineData("recommended", "2.0", "not_affected")]
    [InlineData("under_investigation", "2.0", "possibly_affected")]
    [InlineData("under_investigation", null, "possibly_affected")]
    public void ProductStatus_EachCategory_GivesTheStandardsVerdict(string category, string? deviceVersion, string expected)
    {
        var advisory = Read(Tree(), $$""" "product_status": { "{{category}}": ["P1"] } """);
        Assert.Equal(expected, Status(advisory, deviceVersion));
    }

    [Fact]
    public void Recommended_NeverAffectsByItself()
    {
        var advisory = Read(Tree(), """ "product_status": { "recommended": ["P1"] } """);
        Assert.False(Match(advisory, "1.0")?.Status.IsFlagged() ?? false);
        Assert.False(Match(advisory, null)?.Status.IsFlagged() ?? false);
    }

    [Fact]
    public void UnderInvestigation_SaysTheVendorIsStillInvestigating()
    {
        var match = Match(Read(Tree(), """ "product_status": { "under_investigation": ["P1"] } """), "2.0")!;
        Assert.Contains("still investigating", match.Explanation.VersionRule, StringComparison.Ordinal);
        Assert.True(match.Confidence < 0.6);
    }

    [Fact]
    public void ProductInNoStatus_IsAtMostPossiblyAffected()
    {
        // P1 is defined in the tree but named in no product_status of the vulnerability.
        var advisory = Read(Tree(), """ "notes": [ { "category": "description", "text": "No product status given." } ] """);
        Assert.Equal("possibly_affected", Status(advisory, "2.0"));
    }

    [Fact]
    public void ContradictingStatuses_ArePossiblyAffectedWithTheContradictionExplained()
    {
        var match = Match(Read(Tree(), """ "product_status": { "known_affected": ["P1"], "known_not_affected": ["P1"] } """), "2.0")!;
        Assert.Equal(MatchStatus.PossiblyAffected, match.Status);
        Assert.Contains("contradicts", match.Explanation.VersionRule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("component_not_present")]
    [InlineData("vulnerable_code_not_present")]
    [InlineData("vulnerable_code_not_in_execute_path")]
    public void NotAffectedFlag_MakesTheProductNotAffected(string label)
    {
        var advisory = Read(Tree(), $$""" "flags": [ { "label": "{{label}}", "product_ids": ["P1"] } ] """);
        Assert.Equal("not_affected", Status(advisory, "2.0"));
    }

    [Fact]
    public void Threats_AreQuotedAsEvidence()
    {
        var advisory = Read(Tree(), """
            "product_status": { "known_affected": ["P1"] },
            "threats": [ { "category": "exploit_status", "details": "Exploited in the wild", "product_ids": ["P1"] } ]
            """);
        Assert.Contains(Match(advisory, "2.0")!.Explanation.Evidence, e => e.Kind == "threat" && e.Text.Contains("Exploited in the wild", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("service_pack", "SP1")]
    [InlineData("patch_level", "P3")]
    [InlineData("architecture", "x86_64")]
    [InlineData("language", "de")]
    [InlineData("host_name", "pump-gw-01")]
    [InlineData("specification", "IEC 60601")]
    [InlineData("legacy", "legacy build")]
    public void VersionBelowAQualifierBranch_IsKept(string category, string name)
    {
        var tree = $$"""
            { "branches": [ { "category": "vendor", "name": "{{Vendor}}", "branches": [
              { "category": "product_family", "name": "Infusion", "branches": [
              { "category": "product_name", "name": "Infusor X200", "branches": [
                { "category": "product_version_range", "name": "vers:generic/<2.0", "branches": [
                  { "category": "{{category}}", "name": "{{name}}", "product": { "product_id": "P1", "name": "Infusor X200 <2.0 {{name}}" } } ] } ] } ] } ] } ] }
            """;
        var advisory = Read(tree, """ "product_status": { "known_affected": ["P1"] } """);
        Assert.Equal("affected", Status(advisory, "1.5"));
        Assert.Equal("not_affected", Status(advisory, "2.1")); // the version is not lost below the qualifier
        Assert.Contains(advisory.Products[0].Qualifiers, q => q.StartsWith(category, StringComparison.Ordinal));
    }

    [Fact]
    public void Relationship_InstalledOn_TheDeviceTakesTheFirmwaresVersion()
    {
        var tree = $$"""
            { "branches": [ { "category": "vendor", "name": "{{Vendor}}", "branches": [
                { "category": "product_name", "name": "Infusor X200", "product": { "product_id": "HW", "name": "Infusor X200" } },
                { "category": "product_name", "name": "Pump firmware", "branches": [
                  { "category": "product_version", "name": "2.0", "product": { "product_id": "FW20", "name": "Pump firmware 2.0" } },
                  { "category": "product_version", "name": "3.0", "product": { "product_id": "FW30", "name": "Pump firmware 3.0" } } ] } ] } ],
              "relationships": [
                { "category": "installed_on", "product_reference": "FW20", "relates_to_product_reference": "HW",
                  "full_product_name": { "product_id": "HW-FW20", "name": "Pump firmware 2.0 on Infusor X200" } },
                { "category": "installed_on", "product_reference": "FW30", "relates_to_product_reference": "HW",
                  "full_product_name": { "product_id": "HW-FW30", "name": "Pump firmware 3.0 on Infusor X200" } } ] }
            """;
        var advisory = Read(tree, """ "product_status": { "known_affected": ["HW-FW20"], "fixed": ["HW-FW30"] } """);
        Assert.Equal("affected", Status(advisory, "2.0"));
        Assert.Equal("not_affected", Status(advisory, "3.0"));
    }

    [Fact]
    public void Relationship_ToAnUndefinedProduct_IsRejectedWithTheReason_NotAffectedForAllVersions()
    {
        var tree = $$"""
            { "branches": [ { "category": "vendor", "name": "{{Vendor}}", "branches": [
                { "category": "product_name", "name": "Infusor X200", "product": { "product_id": "HW", "name": "Infusor X200" } } ] } ],
              "relationships": [ { "category": "default_component_of", "product_reference": "MISSING", "relates_to_product_reference": "HW",
                  "full_product_name": { "product_id": "REL", "name": "Something in Infusor X200" } } ] }
            """;
        // The reader refuses the document before matching (CSAF mandatory test 6.1.1), naming the reference and its path:
        // never "affected for all versions".
        var refused = Assert.Throws<InvalidOperationException>(() => Read(tree, """ "product_status": { "known_affected": ["REL"] } """));
        Assert.Contains("'MISSING'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("/product_tree/relationships/0/product_reference", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FullProductNames_TakeTheVendorFromTheCpe()
    {
        var tree = """
            { "full_product_names": [ { "product_id": "P1", "name": "Infusor X200 2.0",
                "product_identification_helper": { "cpe": "cpe:2.3:h:probe_medical:infusor_x200:2.0:*:*:*:*:*:*:*" } } ] }
            """;
        var advisory = Read(tree, """ "product_status": { "known_affected": ["P1"] } """);
        Assert.Equal("affected", Status(advisory, "2.0"));
    }

    [Fact]
    public void ColonInAProductName_IsNotAVersionRange()
    {
        Assert.Null(ProductLeaves.AlternativeVersion("Infusor: Model X200"));
        Assert.Equal("<= 2.0", ProductLeaves.AlternativeVersion("Infusor X200: <= 2.0"));
    }

    [Fact]
    public void ModelNamedOnlyInTheTitle_IsPossiblyAffectedWithTheTextQuoted()
    {
        var tree = $$"""
            { "branches": [ { "category": "vendor", "name": "{{Vendor}}", "branches": [
                { "category": "product_name", "name": "Firmware", "branches": [
                  { "category": "product_version", "name": "2.0", "product": { "product_id": "P1", "name": "Firmware 2.0" } } ] } ] } ] }
            """;
        var advisory = Read(tree, """ "product_status": { "known_affected": ["P1"] } """, title: "Probe Medical Infusor X200 Wireless Pump");
        var match = Match(advisory, "2.0")!;
        Assert.Equal(MatchStatus.PossiblyAffected, match.Status);
        Assert.True(match.Confidence <= 0.4);
        Assert.Contains(match.Explanation.Evidence, e => e.Kind == "document_text" && e.Text.Contains("Infusor X200", StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(match.Explanation.Summary));
        Assert.Null(Match(advisory, "2.0", model: "Infusor X300")); // another model is not named
    }

    [Fact]
    public void ModelNamedOnlyAsAnUpgradeTarget_IsNotEvidence()
    {
        var advisory = Read(Tree(), """
            "product_status": { "known_affected": ["P1"] },
            "remediations": [ { "category": "vendor_fix", "details": "Upgrade to the Infusor Z900 with firmware 4.0.", "product_ids": ["P1"] } ]
            """);
        Assert.Null(Match(advisory, "4.0", model: "Infusor Z900"));
    }
}
