using System.Text;
using System.Text.Json.Nodes;
using AdvisoryTracker.Domain.Csaf;

namespace AdvisoryTracker.Domain.Tests.Csaf;

/// <summary>Each rejection starts from a real document and breaks one thing.</summary>
public sealed class CsafReaderRejectionTests
{
    private static JsonNode RealDocument() => JsonNode.Parse(CsafFixtures.Document("icsma-25-336-01.json"))!;

    private static CsafReadResult Read(JsonNode node, CsafReaderOptions? options = null) =>
        new CsafReader(options).Read(Encoding.UTF8.GetBytes(node.ToJsonString()));

    [Fact]
    public void Read_TruncatedJson_RejectsAsInvalidJson()
    {
        var bytes = CsafFixtures.Document("icsma-25-336-01.json");
        var result = new CsafReader().Read(bytes.AsSpan(0, bytes.Length / 2));
        Assert.False(result.Succeeded);
        Assert.StartsWith("invalid JSON", result.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingTrackingId_Rejects()
    {
        var node = RealDocument();
        node["document"]!["tracking"]!.AsObject().Remove("id");
        var result = Read(node);
        Assert.Equal("/document/tracking", result.RejectionPath);
        Assert.Contains("CSAF 2.0 schema (required)", result.RejectionReason, StringComparison.Ordinal);
        Assert.Contains("id", result.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownCsafVersion_RejectsNamingTheVersion()
    {
        var node = RealDocument();
        node["document"]!["csaf_version"] = "3.0";
        Assert.Equal("unsupported CSAF version '3.0' (2.0 and 2.1 are supported)", Read(node).RejectionReason);
    }

    [Fact]
    public void Read_20DocumentRelabelled21_FailsThe21Schema()
    {
        // A CSAF 2.0 document is not a valid 2.1 one (2.1 requires "$schema" and has no TLP WHITE).
        var node = RealDocument();
        node["document"]!["csaf_version"] = "2.1";
        var result = Read(node);
        Assert.False(result.Succeeded);
        Assert.StartsWith("CSAF 2.1 schema", result.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OverTheSizeLimit_RejectsUnparsed()
    {
        var result = new CsafReader(new CsafReaderOptions { MaxDocumentBytes = 1000 }).Read(CsafFixtures.Document("icsma-25-336-01.json"));
        Assert.Matches(@"^document is \d+ bytes, over the limit of 1000 bytes$", result.RejectionReason);
    }

    [Fact]
    public void Read_NestedDeeperThanTheLimit_Rejects()
    {
        var node = RealDocument();
        JsonNode deep = new JsonArray();
        for (var i = 0; i < 100; i++)
        {
            deep = new JsonArray(deep);
        }

        node["document"]!["x_deep"] = deep;
        Assert.Equal("document is nested deeper than the limit of 64 levels", Read(node).RejectionReason);
    }

    [Fact]
    public void Read_VersionWrittenAsNumber_IsRejectedByTheSchema()
    {
        // The schema wants a string; no document of the real corpus writes a number.
        var node = RealDocument();
        node["document"]!["tracking"]!["version"] = 3;
        var result = Read(node);
        Assert.False(result.Succeeded);
        Assert.Equal("/document/tracking/version", result.RejectionPath);
    }

    [Fact]
    public void Read_TitleOfWrongKind_RejectsWithReason()
    {
        var node = RealDocument();
        node["document"]!["title"] = new JsonObject();
        var result = Read(node);
        Assert.Equal("/document/title", result.RejectionPath);
        Assert.EndsWith("at /document/title", result.RejectionReason, StringComparison.Ordinal);
    }
}
