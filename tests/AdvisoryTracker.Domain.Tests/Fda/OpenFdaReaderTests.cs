using System.Text.Json;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Tests.Feeds;

namespace AdvisoryTracker.Domain.Tests.Fda;

public class OpenFdaReaderTests
{
    [Fact]
    public void Read_RecallResponse_ReadsPagingAndTheArrowRecall()
    {
        var result = OpenFdaReader.Read(Fixture.Bytes("openfda", "openfda_device_recall_response_anatomy.json"), OpenFdaEndpoint.Recall);

        Assert.True(result.Succeeded, result.RejectionReason);
        var page = result.Page!;
        Assert.Equal((0, 1, 882), (page.Skip, page.Limit, page.Total));
        var advisory = Assert.Single(page.Records).Advisory!;
        Assert.Equal(AdvisoryKind.Recall, advisory.Kind);
        var product = Assert.Single(advisory.Products);
        Assert.Equal("Arrow International Inc", product.Vendor);
        Assert.Equal("Pediatric Two-Lumen Central Venous Catheterization", product.ProductName);
        Assert.Contains("AK-25502", product.ModelNumbers);
        Assert.Equal("FOZ", product.FdaProductCode);
        Assert.Contains("K900263", product.FdaSubmissionNumbers);
        Assert.Equal(new DateTimeOffset(2019, 5, 17, 0, 0, 0, TimeSpan.Zero), advisory.InitialReleaseDate);
        Assert.Null(advisory.RecallClass);
        Assert.Contains(advisory.Vulnerabilities.Single().Remediations, r => r.Details.Contains("Acknowledgement Form", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadRecord_EnforcementExample_ReadsCompactDatesAndClassTwoSeverity()
    {
        using var document = JsonDocument.Parse(Fixture.Bytes("openfda", "openfda_device_enforcement_docs_examples.json"));

        var record = OpenFdaReader.ReadRecord(document.RootElement.GetProperty("result"), OpenFdaEndpoint.Enforcement);

        var advisory = record.Advisory!;
        Assert.Equal("Encore Medical, Lp", advisory.Products.Single().Vendor);
        Assert.Equal(new DateTimeOffset(2012, 7, 16, 0, 0, 0, TimeSpan.Zero), advisory.InitialReleaseDate);
        Assert.Equal(new DateTimeOffset(2012, 8, 15, 0, 0, 0, TimeSpan.Zero), advisory.CurrentReleaseDate);
        Assert.Equal("Class II", advisory.RecallClass);
        Assert.Equal("medium", advisory.Severity);
        Assert.Equal("Ongoing", advisory.Status);
    }

    [Fact]
    public void ReadRecord_RecallDocsExampleWithoutFirm_IsRejectedWithItsRecallNumber()
    {
        // The documentation's field example is a partial record (no firm, no product description).
        using var document = JsonDocument.Parse(Fixture.Bytes("openfda", "openfda_device_recall_docs_examples.json"));

        var record = OpenFdaReader.ReadRecord(document.RootElement.GetProperty("record"), OpenFdaEndpoint.Recall);

        Assert.Equal("Z-0359-2013", record.Reference);
        Assert.Null(record.Advisory);
        Assert.Contains("recalling_firm", record.RejectionReason, StringComparison.Ordinal);
        Assert.NotEmpty(record.RawJson);
    }

    [Fact]
    public void Read_EnforcementAnatomy_RejectsTheEmptyRecordWithReason()
    {
        using var document = JsonDocument.Parse(Fixture.Bytes("openfda", "openfda_device_enforcement_docs_examples.json"));
        var anatomy = System.Text.Encoding.UTF8.GetBytes(document.RootElement.GetProperty("anatomy").GetRawText());

        var result = OpenFdaReader.Read(anatomy, OpenFdaEndpoint.Enforcement);

        Assert.True(result.Succeeded);
        Assert.Equal(1355, result.Page!.Total);
        var record = Assert.Single(result.Page.Records);
        Assert.Null(record.Advisory);
        Assert.Contains("recalling_firm", record.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotFoundError_IsAnEmptyPage()
    {
        var result = OpenFdaReader.Read("""{"error":{"code":"NOT_FOUND","message":"No matches found!"}}"""u8.ToArray(), OpenFdaEndpoint.Recall);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Page!.Records);
    }

    [Theory]
    [InlineData("<html>busy</html>")]
    [InlineData("""{"meta":{}}""")]
    [InlineData("""{"error":{"code":"BAD_REQUEST","message":"Invalid search"}}""")]
    public void Read_GarbageOrError_IsRejectedWithReason(string body)
    {
        var result = OpenFdaReader.Read(System.Text.Encoding.UTF8.GetBytes(body), OpenFdaEndpoint.Recall);

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(result.RejectionReason));
    }

    [Theory]
    [InlineData("Class I", "critical")]
    [InlineData("Class II", "medium")]
    [InlineData("Class III", "low")]
    [InlineData("Not Yet Classified", null)]
    public void SeverityOf_RecallClass_MapsToSeverity(string recallClass, string? severity) =>
        Assert.Equal(severity, OpenFdaReader.SeverityOf(recallClass));
}
