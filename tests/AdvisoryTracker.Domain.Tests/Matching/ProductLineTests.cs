using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Tests.Matching;

/// <summary>
/// A product entry that covers a whole line ("all models", "X family", "X series") flags the line's models the advisory
/// does not list as possibly affected; a line the advisory only enumerates does not. Invented probe vendor and products.
/// </summary>
public sealed class ProductLineTests
{
    private static string Tree(params (string Id, string Name, string FullName, string Version)[] products) =>
        $$"""
        { "branches": [ { "category": "vendor", "name": "Probe Medical", "branches": [ {{string.Join(",", products.Select(p => $$"""
            { "category": "product_name", "name": "{{p.Name}}", "branches": [
              { "category": "product_version_range", "name": "{{p.Version}}", "product": { "product_id": "{{p.Id}}", "name": "{{p.FullName}}" } } ] }
            """))}} ] } ] }
        """;

    private static DeviceMatch? Match(string tree, string model, string? version = null, string status = "known_affected") =>
        StandardProbeTests.Match(StandardProbeTests.Read(tree, $$""" "product_status": { "{{status}}": ["P1", "P2"] } """), version, model)
        is var m && m?.DeviceId == "d1" ? m : null;

    private static readonly string AllModels = Tree(("P1", "Corvia ICD", "Corvia ICD: (all models)", "vers:all/*"), ("P2", "Lumen CRT-D", "Lumen CRT-D: (all models)", "vers:all/*"));

    [Fact]
    public void AllModels_AModelOfTheLine_IsPossiblyAffectedWithTheEntryQuoted()
    {
        var match = Match(AllModels, "Corvia MRI XT DR");
        Assert.Equal(MatchStatus.PossiblyAffected, match!.Status);
        Assert.True(match.Confidence < 0.5);
        Assert.Contains(match.Explanation.Evidence, e => e.Kind == "product_line" && e.Text.Contains("Corvia ICD: (all models)", StringComparison.Ordinal));
    }

    [Fact]
    public void FamilyOrSeries_QualifyingTheLineWord_CoversTheLine()
    {
        var tree = Tree(("P1", "Corvia family", "Corvia family", "<= 3.0"), ("P2", "Lumen Series", "Lumen Series", "<= 3.0"));
        // (A device whose every distinctive word is in the entry is matched by the product rule itself.)
        Assert.True(Match(tree, "Corvia VR", "2.5")!.Status.IsFlagged());
        Assert.False(Match(tree, "Corvia VR", "3.5")?.Status.IsFlagged() ?? false); // outside every version the line's entry gives
        Assert.Equal(MatchStatus.PossiblyAffected, Match(tree, "Lumen Quad HF")!.Status);
        Assert.Null(Match(tree, "Lumen Quad HF", "3.5"));
    }

    [Theory]
    [InlineData("Corvia GP")] // an enumerated line: the advisory lists Corvia PC and Corvia GH, not GP
    [InlineData("Lumen Portal")] // "Corvia Lumen Family" is the Lumen family of Corvia, named after another word
    public void LinesNotCoveredAsAWhole_AreNotFlagged(string model)
    {
        var tree = Tree(("P1", "Corvia PC Unit", "Corvia PC Unit", "vers:all/*"), ("P2", "Corvia GH", "Corvia GH", "vers:all/*"));
        Assert.Null(Match(tree, model));
        var family = Tree(("P1", "Corvia Lumen Family", "Corvia Lumen Family", "vers:all/*"), ("P2", "Other", "Other", "vers:all/*"));
        Assert.False(Match(family, "Corvia Portal")?.Status.IsFlagged() ?? false);
    }

    [Fact]
    public void AVersionThatCannotBeCompared_IsSaidSo()
    {
        var tree = Tree(("P1", "Lumen Series", "Lumen Series", "<= 3.0"), ("P2", "Other", "Other", "vers:all/*"));
        var match = Match(tree, "Lumen Quad HF", "build-seven");
        Assert.Equal(MatchStatus.PossiblyAffected, match!.Status);
        Assert.Contains("could not be checked against '<= 3.0': review", match.Explanation.VersionRule, StringComparison.Ordinal);
    }

    [Fact]
    public void NotAffectedEntries_DoNotCoverALine() =>
        Assert.Null(Match(AllModels, "Corvia MRI XT DR", status: "known_not_affected"));
}
