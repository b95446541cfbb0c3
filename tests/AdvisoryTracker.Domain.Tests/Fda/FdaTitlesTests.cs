using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Feeds;
using AdvisoryTracker.Domain.Tests.Feeds;

namespace AdvisoryTracker.Domain.Tests.Fda;

public class FdaTitlesTests
{
    [Theory]
    [InlineData("Cryoprobe Recall: Erbe USA Removes Flexible Cryoprobes ", "Erbe USA", "Flexible Cryoprobes")]
    [InlineData(" Ventilator Correction: Philips Issues Correction for Trilogy Evo Platform Ventilators ", "Philips", "Trilogy Evo Platform Ventilators")]
    [InlineData("Early Alert: Anesthesia Machine Issue from Draeger, Inc.", "Draeger, Inc", "Anesthesia Machine")]
    [InlineData("Risks of Using TRUE METRIX Blood Glucose Monitoring Systems by Trividia Health: FDA Safety Communication ", "Trividia Health", "TRUE METRIX Blood Glucose Monitoring Systems")]
    public void Parse_RealFeedTitle_GivesFirmAndProduct(string title, string firm, string product) =>
        Assert.Equal(new FdaTitleSubject(firm, product), FdaTitles.Parse(title));

    [Fact]
    public void Parse_EveryDeviceRecallTitleOfMedWatch_NamesAFirm()
    {
        var items = FeedReader.Read(Fixture.Bytes("rss", "fda_medwatch_safety_alerts_rss_2026-06-04.xml")).Feed!.Items;
        var recalls = items.Where(i => i.Link.Contains("/medical-device-recalls-and-early-alerts/", StringComparison.Ordinal)).ToList();

        Assert.Equal(15, recalls.Count);
        Assert.All(recalls, i => Assert.False(string.IsNullOrWhiteSpace(FdaTitles.Parse(i.Title)?.Firm), i.Title));
    }

    [Fact]
    public void Parse_FoodRecallTitle_GivesNothing() =>
        Assert.Null(FdaTitles.Parse("Nassar Investments Recalls Malazi Tahina Due to Salmonella Contamination"));
}
