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
        Assert.Equal("missing /document/tracking/id", Read(node).RejectionReason);
    }

    [Fact]
    public void Read_CsafVersion21_RejectsNamingTheVersion()
    {
        var node = RealDocument();
        node["document"]!["csaf_version"] = "2.1";
        Assert.Equal("unsupported CSAF version '2.1' (2.0 is supported)", Read(node).RejectionReason);
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
    public void Read_VersionWrittenAsNumber_IsTolerated()
    {
        var node = RealDocument();
        node["document"]!["tracking"]!["version"] = 3;
        Assert.Equal("3", Read(node).Advisory!.Revision);
    }

    [Fact]
    public void Read_TitleOfWrongKind_RejectsWithReason()
    {
        var node = RealDocument();
        node["document"]!["title"] = new JsonObject();
        Assert.Equal("missing /document/title", Read(node).RejectionReason);
    }
}
